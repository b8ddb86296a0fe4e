import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SqliteCentralStore } from '../../src/storage/central-sqlite.js';
import { centralStoreSuite } from './central-store.suite.js';

centralStoreSuite(
  'SQLite',
  async () =>
    new SqliteCentralStore(
      join(mkdtempSync(join(tmpdir(), 'kakou-central-')), 'central.db'),
      pino({ level: 'silent' }),
    ),
);
