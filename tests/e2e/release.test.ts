import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { startBroker, type TestBroker } from '../support/broker.js';
import { freePort } from '../support/ports.js';
import { until } from '../support/until.js';
import { matchesReportSchema } from '../support/payloads.js';
import { startCommand, type RunningCli } from '../support/cli.js';
import { request } from 'node:https';

/**
 * The release as a site installs it: the Debian package built by deploy/package/build-deb.sh,
 * unpacked into a scratch root, configured by the steps of deploy/README.md, started, backed up,
 * restored onto an empty data folder, and its uplink continuing at the central (the reference
 * central, run from the same package) with the restore reported and nothing dead-lettered.
 */
const ROOT_DIR = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'kakou-release-'));
const root = join(work, 'root');
const ADMIN = 'release-admin-token';
const running: RunningCli[] = [];
let broker: TestBroker | undefined;
afterAll(async () => {
  for (const p of running) await p.stop();
  await broker?.stop();
  rmSync(work, { recursive: true, force: true });
});

function sh(cmd: string, args: string[], env: Record<string, string> = {}): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

const kakou = join(root, 'usr', 'bin', 'kakou');
const etc = join(root, 'etc', 'kakou');
const config = join(etc, 'kakou.yaml');
// No KAKOU_CONFIG: the installed command finds the site's configuration by itself.
const asSite = { KAKOU_LOG__LEVEL: 'warn' };

describe('the release package', () => {
  it('installs, starts, backs up, restores onto an empty disk, and its uplink goes on at the central', async () => {
    // Build and inspect the artifact.
    const deb = sh(join(ROOT_DIR, 'deploy', 'package', 'build-deb.sh'), [
      '--out',
      join(work, 'out'),
      '--fast',
      '--node',
      process.execPath,
    ]).trim();
    const contents = sh('dpkg-deb', ['--contents', deb]);
    for (const path of [
      './usr/bin/kakou',
      './lib/systemd/system/kakou.service',
      './lib/systemd/system/kakou-backup.service',
      './lib/systemd/system/kakou-backup.timer',
      './opt/kakou/node/bin/node',
      './opt/kakou/dist/main.js',
      './opt/kakou/sync/defect-codes.v1.json',
      './opt/kakou/package-lock.json',
      './opt/kakou/node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      './usr/share/kakou/kakou.example.yaml',
    ])
      expect(contents, path).toContain(path);
    expect(contents).not.toMatch(/node_modules\/(vitest|typescript|playwright-core)\//);
    const control = join(work, 'control');
    sh('dpkg-deb', ['--control', deb, control]);
    for (const script of ['postinst', 'prerm', 'postrm']) sh('sh', ['-n', join(control, script)]);
    expect(readFileSync(join(control, 'postinst'), 'utf8')).toContain('useradd --system');

    // Unpack into the scratch root, and do what postinst does there.
    sh('dpkg-deb', ['-x', deb, root]);
    mkdirSync(etc, { recursive: true });
    copyFileSync(join(root, 'usr', 'share', 'kakou', 'kakou.example.yaml'), config);
    writeFileSync(join(etc, 'backup-passphrase'), 'a passphrase only this site knows\n', { mode: 0o640 });

    // The central, from the same package, with a one-time enrolment token for the node.
    const centralPort = await freePort();
    const centralDir = join(work, 'central');
    const token = sh(kakou, ['central', 'nodes', 'token', '--id', 'kakou-release', '--data-dir', centralDir], {
      KAKOU_LOG__LEVEL: 'warn',
    }).trim();
    writeFileSync(join(etc, 'enrolment-token'), `${token}\n`, { mode: 0o600 });
    const central = startCommand(kakou, ['central', '--port', String(centralPort), '--data-dir', centralDir], {
      KAKOU_CENTRAL_TOKEN: ADMIN,
      KAKOU_LOG__LEVEL: 'warn',
    });
    running.push(central);
    await central.waitFor(/listening on/);
    const report = async () =>
      (await (
        await fetch(`http://127.0.0.1:${centralPort}/v1/nodes/kakou-release/report`, {
          headers: { authorization: `Bearer ${ADMIN}` },
        })
      ).json()) as Record<string, unknown>;

    // deploy/README.md, "Install": the terminal's certificate, then the settings the operator edits.
    sh(kakou, ['certs', 'self-signed', '--out', join(etc, 'tls'), '--host', 'kakou.local,127.0.0.1'], asSite);
    broker = await startBroker();
    const port = await freePort();
    const site = parse(readFileSync(config, 'utf8')) as Record<string, Record<string, unknown>>;
    const dataDir = join(root, 'var', 'lib', 'kakou');
    Object.assign(site.node as object, { id: 'kakou-release' });
    Object.assign(site.http as object, {
      host: '127.0.0.1',
      port,
      certFile: join(etc, 'tls', 'cert.pem'),
      keyFile: join(etc, 'tls', 'key.pem'),
      metricsPort: -1,
    });
    Object.assign(site.mqtt as object, { url: broker.url, username: '', passwordFile: '' });
    Object.assign(site.storage as object, { dataDir });
    Object.assign(site.snapshot as object, { file: '' });
    Object.assign(site.sync as object, {
      centralUrl: `http://127.0.0.1:${centralPort}/`,
      enrolmentTokenFile: join(etc, 'enrolment-token'),
      minBackoffMs: 50,
      maxBackoffMs: 500,
      probeMs: 50,
    });
    writeFileSync(config, stringify(site));
    const check = sh(kakou, ['check'], asSite);
    expect(check).toMatch(/configuration ok: node kakou-release/);

    const siteCa = readFileSync(join(etc, 'tls', 'cert.pem'));
    let node = startCommand(kakou, ['serve'], { ...asSite, KAKOU_LOG__LEVEL: 'info' });
    running.push(node);
    // The start banner names the URL served: https, since the terminal has its certificate.
    await node.waitFor(new RegExp(`Kakou terminal: https://127\\.0\\.0\\.1:${port}/`));
    const [, setupToken] = await node.waitFor(/setup token: ([0-9a-f]{32})/);
    const api = apiClient(port, siteCa);
    await api.setup(setupToken as string);
    await api.record('vehicle:浙Z10001');
    await until(async () => ((await report()).records as number) >= 2, 20_000, 'first records at the central');

    // The backup, as kakou-backup.service runs it.
    const backupDir = join(root, 'var', 'backups', 'kakou', 'b1');
    sh(kakou, ['backup', '--out', backupDir, '--key-passphrase-file', join(etc, 'backup-passphrase')], asSite);
    // After the backup the node goes on and its records reach the central; then its disk is lost.
    await api.record('vehicle:浙Z10002');
    await until(async () => (await api.outbox()) === 0, 20_000, 'records after the backup delivered');
    const before = (await report()).maxSeq as number;
    await node.stop();
    renameSync(dataDir, `${dataDir}.lost`);
    mkdirSync(dataDir);

    sh(kakou, ['restore', '--from', backupDir, '--key-passphrase-file', join(etc, 'backup-passphrase')], asSite);
    node = startCommand(kakou, ['serve'], asSite);
    running.push(node);
    await node.waitFor(/Kakou terminal/);
    await api.login();
    await api.record('vehicle:浙Z10003');
    await until(async () => (await api.outbox()) === 0, 20_000, 'the restored node drained its outbox');

    const r = await report();
    expect(r).toMatchObject({ rejected: 0, gaps: [], chain: { verified: true } });
    expect(r.restores).toEqual([expect.objectContaining({ seq: before + 1, centralHighestSeq: before, lost: [] })]);
    expect(r.maxSeq).toBeGreaterThan(before + 1);
    expect(await matchesReportSchema(r)).toBe(true);
    expect(await api.deadLetters()).toEqual([]);
    const ready = await api.get('/readyz');
    expect((ready.checks as Record<string, { ok: boolean }>).uplink?.ok).toBe(true);
    await node.stop();
  }, 300_000);
});

/** The terminal's API as an administrator uses it, over the site's HTTPS, trusting the site's own certificate. */
function apiClient(port: number, ca: Buffer) {
  let cookie = '';
  const call = (method: string, path: string, body?: object) =>
    new Promise<{ status: number; json: Record<string, unknown> }>((resolve, reject) => {
      const data = body ? Buffer.from(JSON.stringify(body)) : undefined;
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          ca,
          headers: { cookie, ...(data && { 'content-type': 'application/json', 'content-length': data.length }) },
        },
        (res) => {
          const set = res.headers['set-cookie'];
          if (set?.[0]) cookie = set[0].split(';')[0] as string;
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            let json: Record<string, unknown> = {};
            try {
              json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            } catch {
              // not JSON: the status says enough
            }
            resolve({ status: res.statusCode ?? 0, json });
          });
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  return {
    async setup(token: string) {
      const r = await call('POST', '/api/v1/setup', {
        setupToken: token,
        username: 'admin',
        password: 'release-admin-pw-1',
      });
      expect(r.status, JSON.stringify(r.json)).toBeLessThan(300);
    },
    async login() {
      const r = await call('POST', '/api/v1/session', { username: 'admin', password: 'release-admin-pw-1' });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
    },
    async record(targetId: string) {
      const r = await call('POST', '/api/v1/inspections', {
        targetId,
        result: 'no-defects',
        action: 'release',
        defects: [],
      });
      expect(r.status, JSON.stringify(r.json)).toBe(201);
    },
    async outbox(): Promise<number> {
      const r = await call('GET', '/api/v1/status');
      return ((r.json.outbox ?? []) as Array<{ count: number }>).reduce((n, l) => n + l.count, 0);
    },
    async deadLetters(): Promise<unknown[]> {
      return (await call('GET', '/api/v1/sync/dead-letters')).json.deadLetters as unknown[];
    },
    async get(path: string) {
      return (await call('GET', path)).json;
    },
  };
}
