import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG_SERVER, pgAdmin, pgDatabaseUrl } from '../support/postgres.js';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type RunningCli } from '../support/cli.js';
import { freePort } from '../support/ports.js';

/**
 * `kakou conformance central` against the reference central, on SQLite and on PostgreSQL, and
 * against a central that answers one thing wrong: the tester passes the first two and names the
 * checks the third fails.
 */
const DB = `kakou_conformance_${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'kakou-conformance-'));
const running: RunningCli[] = [];
const servers: Server[] = [];

const postgres = await pgAdmin('SELECT 1');

afterAll(async () => {
  for (const c of running) await c.stop('SIGTERM');
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  if (postgres) await pgAdmin(`DROP DATABASE IF EXISTS ${DB}`);
  rmSync(dir, { recursive: true, force: true });
});

/** A reference central on its own port, and a token for a new node id. */
async function central(store: string[], nodeId: string): Promise<{ port: number; token: string }> {
  const env = { KAKOU_CENTRAL_TOKEN: 'conformance-admin', KAKOU_LOG__LEVEL: 'error' };
  const issued = await runCli(['central', 'nodes', 'token', '--id', nodeId, ...store], env);
  expect(issued.code, issued.stderr).toBe(0);
  const port = await freePort();
  const c = startCli(['central', '--port', String(port), ...store], env);
  running.push(c);
  await c.waitFor(/listening on/);
  return { port, token: issued.stdout.trim() };
}

const conformance = (port: number, nodeId: string, token: string) =>
  runCli([
    'conformance',
    'central',
    '--url',
    `http://127.0.0.1:${port}/`,
    '--node-id',
    nodeId,
    '--enrolment-token',
    token,
  ]);

describe('the uplink conformance tester', () => {
  it('passes the reference central on SQLite', async () => {
    const { port, token } = await central(['--data-dir', join(dir, 'sqlite')], 'conf-sqlite');
    const r = await conformance(port, 'conf-sqlite', token);
    expect(r.stdout, r.stdout).toMatch(/^35 of 35 checks passed$/m);
    expect(r.code, r.stdout).toBe(0);
  }, 60_000);

  it('passes the reference central on PostgreSQL', async (ctx) => {
    if (!postgres) {
      if (process.env.CI)
        throw new Error(`CI must run the conformance tester on PostgreSQL and ${PG_SERVER} is not reachable`);
      ctx.skip();
    }
    expect(await pgAdmin(`CREATE DATABASE ${DB}`)).toBe(true);
    const url = new URL(pgDatabaseUrl(DB));
    const { port, token } = await central(['--database-url', url.href], 'conf-pg');
    const r = await conformance(port, 'conf-pg', token);
    expect(r.stdout, r.stdout).toMatch(/^35 of 35 checks passed$/m);
    expect(r.code, r.stdout).toBe(0);
  }, 60_000);

  it('fails a central that answers 403 where the contract says 401, naming each check', async () => {
    const { port, token } = await central(['--data-dir', join(dir, 'broken')], 'conf-broken');
    // In front of it, a proxy that turns every 401 into a 403.
    const proxy = createServer((req, res) => {
      const up = request({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode === 401 ? 403 : (r.statusCode ?? 502), r.headers);
        r.pipe(res);
      });
      up.on('error', () => {
        if (!res.headersSent) res.writeHead(502).end();
      });
      req.pipe(up);
    });
    servers.push(proxy);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const r = await conformance((proxy.address() as AddressInfo).port, 'conf-broken', token);
    expect(r.code).toBe(1);
    const failed = r.stdout.split('\n').filter((l) => l.startsWith('FAIL'));
    expect(
      failed.map((l) => l.slice(6, 58).trim()),
      r.stdout,
    ).toEqual([
      'registration without enrolment',
      'a batch whose signature does not verify',
      'a batch from a node the central does not know',
    ]);
    expect(r.stdout).toMatch(/^32 of 35 checks passed$/m);
  }, 60_000);
});
