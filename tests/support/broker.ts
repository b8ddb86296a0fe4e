import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startEmbeddedBroker } from '../../src/demo/embedded-broker.js';
import { freePort } from './ports.js';

export interface TestBroker {
  url: string;
  port: number;
  kind: 'mosquitto' | 'embedded';
  stop(): Promise<void>;
}

export function mosquittoAvailable(): boolean {
  return spawnSync('mosquitto', ['-h'], { stdio: 'ignore' }).error === undefined;
}

/**
 * For tests that need Mosquitto itself (its TLS listeners, its ACL, killing it): true when it is
 * there; under CI its absence is an error, elsewhere the test skips and says so.
 */
export function requireMosquitto(what: string, tools: string[] = []): boolean {
  const missing = [
    ...(mosquittoAvailable() ? [] : ['mosquitto']),
    ...tools.filter((t) => spawnSync(t, ['--help'], { stdio: 'ignore' }).error !== undefined),
  ];
  if (missing.length === 0) return true;
  if (process.env.CI) throw new Error(`CI must run ${what}, and ${missing.join(', ')} is not installed`);
  process.stderr.write(`note: ${missing.join(', ')} not installed; skipping ${what}\n`);
  return false;
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`broker did not open port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A real Mosquitto on a free port with its own config. Where Mosquitto is not installed the
 * suite falls back to the embedded broker and says so, except under CI, which must test against
 * Mosquitto and fails instead.
 */
export async function startBroker(): Promise<TestBroker> {
  if (!mosquittoAvailable()) {
    if (process.env.CI)
      throw new Error('CI must run against mosquitto, and it is not installed (apt-get install mosquitto)');
    process.stderr.write('note: mosquitto not installed; integration tests use the embedded broker instead\n');
    const b = await startEmbeddedBroker('127.0.0.1', 0, pino({ level: 'silent' }));
    return { url: b.url, port: b.port, kind: 'embedded', stop: () => b.close() };
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kakou-mosq-'));
  const stop = await spawnMosquitto(
    dir,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence false',
      'max_queued_messages 100000',
      'set_tcp_nodelay true',
    ].join('\n'),
    [port],
  );
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    kind: 'mosquitto',
    stop,
  };
}

/**
 * Runs mosquitto with the given configuration (plus logging to stderr) from `dir`, waits for its
 * ports, and returns how to stop it; the folder is removed on stop.
 */
export async function spawnMosquitto(dir: string, config: string, ports: number[]): Promise<() => Promise<void>> {
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `${config}\nlog_dest stderr\nlog_type error\n`);
  const proc: ChildProcess = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  try {
    for (const port of ports) await waitForPort(port, 5000);
  } catch (err) {
    proc.kill('SIGKILL');
    throw new Error(`${(err as Error).message}: ${stderr}`, { cause: err });
  }
  return async () => {
    if (proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
