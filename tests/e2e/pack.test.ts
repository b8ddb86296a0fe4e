import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';

/**
 * The package as `npm pack` makes it, installed into an empty folder the way a site would: every
 * file the runtime reads must be in it (a file left out of `files` breaks the installed node,
 * never a test run from the source tree).
 */
const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'kakou-pack-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(cmd: string, args: string[], cwd: string): { code: number | null; out: string } {
  const r = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
  });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe('the packed release', () => {
  it('installs from its tarball and runs: check, demo --help, and serve until it is ready for setup', async () => {
    const packed = run('npm', ['pack', '--pack-destination', dir], ROOT);
    expect(packed.code, packed.out).toBe(0);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz')) as string;
    const site = join(dir, 'site');
    run('mkdir', ['-p', site], dir);
    writeFileSync(
      join(site, 'package.json'),
      JSON.stringify({ name: 'site', private: true, allowScripts: { 'better-sqlite3': true, protobufjs: true } }),
    );
    const installed = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(dir, tarball)], site);
    expect(installed.code, installed.out.slice(-3000)).toBe(0);
    const kakou = join(site, 'node_modules', '.bin', 'kakou');

    const check = run(kakou, ['check'], site);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toMatch(/configuration ok/);
    const help = run(kakou, ['demo', '--help'], site);
    expect(help.code, help.out).toBe(0);
    expect(help.out).toMatch(/Usage: kakou demo/);

    const port = await freePort();
    const config = join(site, 'kakou.yaml');
    writeFileSync(
      config,
      JSON.stringify({
        http: { port },
        mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 },
        storage: { dataDir: join(site, 'data') },
      }),
    );
    const serve = spawn(kakou, ['serve', '--config', config], { cwd: site, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    serve.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    serve.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    try {
      const ready = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 30_000);
        const poll = setInterval(() => {
          if (/setup token/i.test(out)) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve(true);
          }
        }, 100);
        serve.once('exit', () => {
          clearInterval(poll);
          clearTimeout(timer);
          resolve(false);
        });
      });
      expect(ready, out.slice(-3000)).toBe(true);
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
    } finally {
      serve.kill('SIGTERM');
      await new Promise((r) => serve.once('exit', r));
    }
  }, 600_000);
});
