import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApp, type KakouApp } from '../../src/app.js';
import type { Clock } from '../../src/clock.js';
import { loadConfig } from '../../src/config/load-config.js';
import { TEST_DRIVER_ID_KEY, TEST_ISSUER_PUBLIC } from './snapshots.js';

export interface TestApp {
  app: KakouApp;
  dataDir: string;
  /** Logs in a fresh user of the given role and returns its session cookie header. */
  login(role?: 'officer' | 'supervisor' | 'admin'): Promise<string>;
  close(): Promise<void>;
}

let userCounter = 0;

/** The built MQTT decode worker (npm test builds dist/ first): a worker thread cannot load TypeScript. */
export const BUILT_DECODE_WORKER = new URL('../../dist/ingest/decode-worker.js', import.meta.url);

/**
 * A node built from real parts (SQLite in a temp folder, fastify for inject), not started unless
 * asked. Broker messages are decoded on the main thread unless `decodeWorker` names a built worker.
 */
export async function createTestApp(
  overrides: Record<string, unknown> = {},
  clock?: Clock,
  decodeWorker: URL | null = null,
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kakou-test-'));
  const config = loadConfig({
    base: { snapshot: { trustedKeys: [TEST_ISSUER_PUBLIC], driverIdKey: TEST_DRIVER_ID_KEY.toString('hex') } },
    overrides: { http: { port: 0 }, storage: { dataDir }, log: { level: 'silent' }, ...overrides },
  });
  const app = await createApp(config, { log: pino({ level: 'silent' }), decodeWorker, ...(clock && { clock }) });
  return {
    app,
    dataDir,
    async login(role = 'officer') {
      const username = `user${++userCounter}`;
      const password = 'correct-horse-9';
      await app.accounts.createUser(username, password, role);
      const res = await app.web.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.body}`);
      const cookie = res.headers['set-cookie'];
      return ((Array.isArray(cookie) ? cookie[0] : cookie) ?? '').split(';')[0] as string;
    },
    async close() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
