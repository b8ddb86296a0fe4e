import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildCentral } from '../../src/central/central-server.js';
import { systemClock } from '../../src/clock.js';
import { SnapshotFetcher } from '../../src/snapshot/fetcher.js';
import { SqliteCentralStore } from '../../src/storage/central-sqlite.js';
import { addNode } from '../../src/central/node-admin.js';
import { signedReadHeaders } from '../../src/sync/create-sync.js';
import { TestChain } from '../support/chain.js';
import { signedDemoSnapshot } from '../support/snapshots.js';
import { createTestApp } from '../support/test-app.js';

describe('snapshot fetch from the central', () => {
  it('imports a newer snapshot over HTTP, and asks conditionally afterwards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-fetch-'));
    const file = join(dir, 'current.ksnap');
    writeFileSync(file, signedDemoSnapshot(Date.now(), { version: 500 }));
    const store = new SqliteCentralStore(join(dir, 'central.db'), pino({ level: 'silent' }));
    const central = await buildCentral({
      store,
      clock: systemClock,
      log: pino({ level: 'silent' }),
      adminToken: 't',
      utcOffsetMinutes: 480,
      snapshotFile: file,
    });
    await central.listen({ host: '127.0.0.1', port: 0 });
    const port = (central.server.address() as { port: number }).port;
    const url = `http://127.0.0.1:${port}/v1/snapshot`;
    const t = await createTestApp();
    try {
      const node = new TestChain('snap-node');
      const stranger = new TestChain('snap-node', 'cd'.repeat(32));
      await addNode(store, 'snap-node', node.publicRaw.toString('hex'), 'snap', Date.now());
      const key = { privateKey: node.privateKey, publicRaw: node.publicRaw, keyId: node.keyId };
      // Nobody reads the province's credit data without a registered node key or the admin token.
      const fetchAs = (who: TestChain) =>
        new SnapshotFetcher(
          new URL(url),
          60_000,
          t.app.snapshots,
          pino({ level: 'silent' }),
          signedReadHeaders('snap-node', { ...key, privateKey: who.privateKey }, systemClock),
          systemClock,
        );
      expect((await fetch(url)).status).toBe(401);
      await expect(fetchAs(stranger).fetchOnce()).rejects.toMatchObject({ code: 'KAKOU_E_SNAPSHOT_INVALID' });
      const fetcher = fetchAs(node);
      expect(await fetcher.fetchOnce()).toBe(500);
      expect(t.app.credit.vessel(413800102, Date.now()).known).toBe(true);
      const conditional = await fetch(url, { headers: { 'if-none-match': '"500"', authorization: 'Bearer t' } });
      expect(conditional.status).toBe(304);
      expect(await fetcher.fetchOnce()).toBeNull();
      writeFileSync(file, signedDemoSnapshot(Date.now(), { version: 501 }));
      expect(await fetcher.fetchOnce()).toBe(501);
      expect(t.app.snapshots.meta()?.version).toBe(501);
    } finally {
      await t.close();
      await central.close();
      await store.close();
    }
  });
});
