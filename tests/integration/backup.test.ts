import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InspectionRecord } from '../../src/domain/inspection.js';
import { startCentral } from '../support/central.js';
import { runCli } from '../support/cli.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { until } from '../support/until.js';

const apps: TestApp[] = [];
afterEach(async () => {
  for (const a of apps.splice(0)) await a.close();
});

const record = (n: number): InspectionRecord => ({
  id: `0193a0c2-0000-7000-8000-00000000000${n}`,
  nodeId: 'kakou-node',
  targetId: 'vehicle:浙F3A101',
  targetKind: 'vehicle',
  targetName: '浙F3A101',
  officer: 'wang',
  result: 'defects-found',
  defects: [{ code: 'H-TANK-01' }],
  action: 'correction-order',
  tierAtDecision: 'must-inspect',
  scoreAtDecision: 70,
  createdAt: new Date(Date.now() - 60_000 + n).toISOString(),
});

const passFile = join(mkdtempSync(join(tmpdir(), 'kakou-pass-')), 'passphrase');
writeFileSync(passFile, 'a long backup passphrase\n', { mode: 0o600 });
const PASS = ['--key-passphrase-file', passFile];

function configFor(dataDir: string, more: Record<string, unknown> = {}): string {
  const file = join(mkdtempSync(join(tmpdir(), 'kakou-cfg-')), 'kakou.json');
  writeFileSync(file, JSON.stringify({ storage: { dataDir }, ...more }));
  return file;
}

describe('backup and restore', () => {
  it('backs up a running node online, and restores it into a fresh data folder with records, queue and photos', async () => {
    const a = await createTestApp();
    apps.push(a);
    a.app.storage.inspections.insertWithOutbox(record(1), 0);
    a.app.storage.photos.add(record(1).id, 'image/png', Buffer.from('not really a png, but bytes all the same'));
    const out = join(mkdtempSync(join(tmpdir(), 'kakou-bak-')), 'b1');
    // A separate process copies the database the test app holds open and keeps writing to.
    const backup = await runCli(['backup', '--config', configFor(a.dataDir), '--out', out]);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stdout).toMatch(/1 inspection record\(s\), 1 awaiting upload, 1 photo file\(s\)/);
    a.app.storage.inspections.insertWithOutbox(record(2), 0);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))).toMatchObject({
      format: 'kakou-backup/1',
      inspections: 1,
      outboxPending: 1,
      photoFiles: 1,
    });
    // Never over an existing backup, never into a folder that cannot be made.
    expect((await runCli(['backup', '--config', configFor(a.dataDir), '--out', out])).stderr).toContain(
      'KAKOU_E_BACKUP_FAILED',
    );
    const blocked = join(mkdtempSync(join(tmpdir(), 'kakou-bak-')), 'a-file');
    writeFileSync(blocked, '');
    const unwritable = await runCli(['backup', '--config', configFor(a.dataDir), '--out', join(blocked, 'b')]);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toContain('KAKOU_E_BACKUP_FAILED');
    expect(unwritable.stderr).not.toMatch(/\n\s+at /);

    const fresh = mkdtempSync(join(tmpdir(), 'kakou-restored-'));
    const restore = await runCli(['restore', '--config', configFor(fresh), '--from', out]);
    expect(restore.code, restore.stderr).toBe(0);
    const b = await createTestApp({ storage: { dataDir: fresh } });
    apps.push(b);
    expect(b.app.storage.inspections.get(record(1).id)).toMatchObject({
      officer: 'wang',
      defects: [{ code: 'H-TANK-01' }],
    });
    expect(b.app.storage.inspections.get(record(2).id)).toBeNull();
    expect(b.app.storage.outbox.count()).toBe(1);
    expect(readdirSync(join(fresh, 'photos', record(1).id))).toHaveLength(1);
  }, 30_000);

  it("carries the node's signing key, so a node restored onto a new disk resumes its uplink as the central knows it", async () => {
    const central = await startCentral();
    try {
      const sync = { centralUrl: central.url, minBackoffMs: 20, maxBackoffMs: 200, probeMs: 20 };
      const a = await createTestApp({
        node: { id: 'node-bak' },
        sync: { ...sync },
        mqtt: { url: 'mqtt://127.0.0.1:1' },
      });
      apps.push(a);
      await a.app.start();
      a.app.storage.inspections.insertWithOutbox({ ...record(1), nodeId: 'node-bak' }, 0);
      a.app.events.emit('outbox-changed', { seq: 0 });
      await until(() => a.app.storage.outbox.count() === 0, 10_000, 'the first record delivered');
      const out = join(mkdtempSync(join(tmpdir(), 'kakou-bak-')), 'b');
      // The key is never copied in the clear: without a passphrase or --without-key, nothing is written.
      const bare = await runCli(['backup', '--config', configFor(a.dataDir), '--out', out]);
      expect(bare.code).toBe(2);
      expect(bare.stderr).toContain('KAKOU_E_CLI_USAGE');
      expect(existsSync(join(out, 'manifest.json'))).toBe(false);
      const backup = await runCli(['backup', '--config', configFor(a.dataDir), '--out', out, ...PASS]);
      expect(backup.code, backup.stderr).toBe(0);
      expect(statSync(join(out, 'node-key.sealed.json')).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(out, 'node-key.sealed.json'), 'utf8')).not.toContain('PRIVATE KEY');
      expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).nodeKey).toMatchObject({
        file: 'node-key.sealed.json',
        sealed: true,
      });
      // A running node holds its folder: no restore over it, even with --force.
      const over = await runCli(['restore', '--config', configFor(a.dataDir), '--from', out, '--force', ...PASS]);
      expect(over.code).toBe(1);
      expect(over.stderr).toContain('KAKOU_E_DATA_DIR_IN_USE');
      await a.app.stop();

      // A new disk: the restore puts the database and the key back; the node signs as before.
      const fresh = mkdtempSync(join(tmpdir(), 'kakou-newdisk-'));
      const wrong = await runCli(['restore', '--config', configFor(fresh), '--from', out], {
        KAKOU_BACKUP_PASSPHRASE: 'not the passphrase at all',
      });
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain('KAKOU_E_KEY_PASSPHRASE');
      expect(existsSync(join(fresh, 'kakou.db'))).toBe(false);
      const restore = await runCli(['restore', '--config', configFor(fresh), '--from', out, ...PASS]);
      expect(restore.code, restore.stderr).toBe(0);
      expect(readFileSync(join(fresh, 'node-key.pem'))).toEqual(readFileSync(join(a.dataDir, 'node-key.pem')));
      const b = await createTestApp({
        node: { id: 'node-bak' },
        sync: { ...sync },
        storage: { dataDir: fresh },
        mqtt: { url: 'mqtt://127.0.0.1:1' },
      });
      apps.push(b);
      await b.app.start();
      b.app.storage.inspections.insertWithOutbox({ ...record(2), nodeId: 'node-bak' }, 0);
      b.app.events.emit('outbox-changed', { seq: 0 });
      await until(() => b.app.storage.outbox.count() === 0, 10_000, 'the record after the restore delivered');
      // The two records and the restore marker; nothing refused.
      expect(await central.report('node-bak')).toMatchObject({ records: 3, rejected: 0, chain: { verified: true } });
    } finally {
      await central.close();
    }
  }, 30_000);

  it('replaces a database only with --force, keeping the old one aside; refuses a damaged backup', async () => {
    const a = await createTestApp();
    apps.push(a);
    a.app.storage.inspections.insertWithOutbox(record(3), 0);
    const out = join(mkdtempSync(join(tmpdir(), 'kakou-bak-')), 'b2');
    expect((await runCli(['backup', '--config', configFor(a.dataDir), '--out', out])).code).toBe(0);
    const target = mkdtempSync(join(tmpdir(), 'kakou-target-'));
    const other = await createTestApp({ storage: { dataDir: target } });
    apps.push(other);
    await other.app.stop();
    const refused = await runCli(['restore', '--config', configFor(target), '--from', out]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('KAKOU_E_RESTORE_TARGET_EXISTS');
    const forced = await runCli(['restore', '--config', configFor(target), '--from', out, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(readdirSync(target).some((f) => /^kakou\.db\.replaced-/.test(f))).toBe(true);

    const db = readFileSync(join(out, 'kakou.db'));
    db[db.length - 100] = (db[db.length - 100] as number) ^ 0xff;
    writeFileSync(join(out, 'kakou.db'), db);
    const damaged = await runCli([
      'restore',
      '--config',
      configFor(mkdtempSync(join(tmpdir(), 'kakou-x-'))),
      '--from',
      out,
    ]);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('KAKOU_E_RESTORE_INVALID');
    expect(damaged.stderr).toContain('SHA-256 differs');
  }, 30_000);

  it('keeps the write-ahead log bounded and decisions within their retention', async () => {
    const a = await createTestApp();
    apps.push(a);
    for (let i = 0; i < 200; i++) {
      a.app.storage.decisions.record({
        passageId: `p${i}`,
        shiftId: 's',
        tier: 'pass',
        decidedAtMs: Date.now() - (i < 50 ? 500 : 1) * 86_400_000,
        payload: JSON.stringify({ i, pad: 'x'.repeat(2000) }),
      });
    }
    expect(a.app.storage.maintenance.walBytes()).toBeGreaterThan(100_000);
    expect(a.app.storage.maintenance.checkpoint()).toEqual({ mode: 'truncate', walBytes: 0 });
    expect(a.app.storage.maintenance.pruneDecisions(Date.now(), 400)).toBe(50);
    expect(existsSync(join(a.dataDir, 'kakou.db'))).toBe(true);
  });
});
