import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, it } from 'vitest';
import { PostgresCentralStore } from '../../src/storage/central-postgres.js';
import { centralStoreSuite } from './central-store.suite.js';

/** The PostgreSQL server of this machine (CI has it too); each run works in its own schema. */
const URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `kakou_test_${randomBytes(4).toString('hex')}`;

async function reachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

const available = await reachable();
if (available) {
  centralStoreSuite('PostgreSQL', async () => new PostgresCentralStore(URL, SCHEMA));
  afterAll(async () => {
    const c = new pg.Client({ connectionString: URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    await c.end();
  });
} else {
  describe('reference central on PostgreSQL', () => {
    it('needs a PostgreSQL server', (ctx) => {
      if (process.env.CI) throw new Error(`CI must test the PostgreSQL store and ${URL} is not reachable`);
      ctx.skip();
    });
  });
}
