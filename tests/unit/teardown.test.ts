import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { Teardown } from '../../src/app/teardown.js';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';

describe('teardown', () => {
  it('closes what was opened in reverse order, each step isolated, and only once', async () => {
    const closed: string[] = [];
    const opened = new Teardown(pino({ level: 'silent' }));
    const db = opened.add('storage', { name: 'db' }, (d) => closed.push(d.name));
    expect(db).toEqual({ name: 'db' });
    opened.add('uplink', null, () => {
      throw new Error('already gone');
    });
    opened.add('web', 'web', async (w) => {
      await new Promise((r) => setImmediate(r));
      closed.push(w);
    });
    await Promise.all([opened.closeAll(), opened.closeAll()]);
    await opened.closeAll();
    expect(closed).toEqual(['web', 'db']);
  });

  it('closes, on a start-up that fails halfway, the database it had opened', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kakou-teardown-'));
    // mqtt.watch leaves the profiles' topics unheard: refused after the database and the stages are built.
    const config = loadConfig({
      overrides: { storage: { dataDir }, mqtt: { watch: 'nothing/#' }, log: { level: 'silent' } },
    });
    const start = createApp(config, { log: pino({ level: 'silent' }), decodeWorker: null });
    await expect(start).rejects.toMatchObject({ code: 'KAKOU_E_CONFIG_INVALID' });
    // It was opened (migrated), and closed: SQLite removes the write-ahead log of the last connection it closes.
    expect(existsSync(join(dataDir, 'kakou.db'))).toBe(true);
    expect(existsSync(join(dataDir, 'kakou.db-wal'))).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
