import { createReadStream, createWriteStream, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../config/load-config.js';
import type { CreditSnapshot } from '../domain/credit.js';
import { driverIdKeyId } from '../domain/driver-id.js';
import { KakouError } from '../errors.js';
import { recordsFromJson } from '../snapshot/from-json.js';
import { snapshotJsonProblems } from '../snapshot/snapshot-schema.js';
import type { SnapRecord } from '../snapshot/format.js';
import { trustedKeyMap } from '../snapshot/snapshot-service.js';
import { seedFrom, syntheticRecords } from '../snapshot/synthetic.js';
import { summarise } from '../snapshot/verify.js';
import { SnapshotWriter } from '../snapshot/writer.js';
import { privateKeyFromPem } from '../sync/signing.js';
import { EXIT, type CliContext, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

const DAY = 86_400_000;

/** Reads the JSON form from a file or a folder of part files, merged, checked with every problem listed. */
function readJsonInput(path: string, now: number): CreditSnapshot {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const merged: CreditSnapshot = {
    format: 'kakou-credit-snapshot/1',
    version: 0,
    issuedAt: new Date(now).toISOString(),
    validUntil: new Date(now + 7 * DAY).toISOString(),
    companies: [],
    vessels: [],
    vehicles: [],
    lists: [],
    drivers: [],
    waybills: [],
    permits: [],
  };
  for (const f of files) {
    const part = JSON.parse(readFileSync(f, 'utf8')) as Partial<CreditSnapshot>;
    merged.version = Math.max(merged.version, part.version ?? 0);
    if (part.issuedAt) merged.issuedAt = part.issuedAt;
    if (part.validUntil) merged.validUntil = part.validUntil;
    for (const k of ['companies', 'vessels', 'vehicles', 'lists', 'drivers', 'waybills', 'permits'] as const) {
      // Each key holds its own record type; the union of arrays is what TypeScript cannot follow here.
      (merged[k] as unknown[]).push(...((part[k] as unknown[] | undefined) ?? []));
    }
  }
  const problems = snapshotJsonProblems(merged);
  if (problems.length > 0)
    throw new KakouError(
      'KAKOU_E_SNAPSHOT_INVALID',
      `${path}: ${problems.length} problem(s) in the snapshot JSON`,
      problems,
    );
  return merged;
}

/** A one-line progress bar on a terminal, nothing otherwise (the importer logs progress instead). */
function progressBar(ctx: CliContext, total: number) {
  if (!ctx.isTTY) return undefined;
  return (p: { bytes: number; records: number; done: boolean }) => {
    const pct = total > 0 ? Math.min(100, Math.round((p.bytes / total) * 100)) : 0;
    const bar = '#'.repeat(Math.round(pct / 4)).padEnd(25, '.');
    ctx.err(`\u001b[1A\u001b[2K[${bar}] ${pct}%  ${p.records.toLocaleString('en')} records${p.done ? '  done' : ''}`);
  };
}

/** The provincial driver-id key from a file: 64 hex digits on the first line. */
function readDriverIdKey(file: string): Buffer {
  const hex = (readFileSync(file, 'utf8').split('\n')[0] ?? '').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new KakouError('KAKOU_E_CLI_USAGE', `--driver-id-key: ${file} must hold 64 hex digits (32 bytes)`);
  return Buffer.from(hex, 'hex');
}

async function build(ctx: CliContext, v: Record<string, string | boolean | undefined>): Promise<number> {
  if (!v.key || !v.out || (!v.from && !v.synthetic))
    throw new KakouError(
      'KAKOU_E_CLI_USAGE',
      'snapshot build needs --from FILE_OR_DIR or --synthetic N, and --key FILE and --out FILE',
    );
  const key = privateKeyFromPem(readFileSync(resolve(ctx.cwd, String(v.key)), 'utf8'));
  const now = ctx.clock.now();
  let records: Iterable<SnapRecord>;
  let version = v.version ? Number(v.version) : Math.floor(now / 1000);
  let issuedAtMs = now;
  let driverIdKeyIdOut = '';
  let validUntilMs = now + Number(v['valid-days'] ?? 7) * DAY;
  if (v.from) {
    const json = readJsonInput(resolve(ctx.cwd, String(v.from)), now);
    if (!v.version && json.version) version = json.version;
    issuedAtMs = Date.parse(json.issuedAt);
    if (!v['valid-days']) validUntilMs = Date.parse(json.validUntil);
    const driverKey = v['driver-id-key'] ? readDriverIdKey(resolve(ctx.cwd, String(v['driver-id-key']))) : null;
    driverIdKeyIdOut = driverKey && (json.drivers ?? []).length > 0 ? driverIdKeyId(driverKey) : '';
    records = recordsFromJson(json, driverKey);
  } else {
    const n = Number(v.synthetic);
    if (!Number.isInteger(n) || n < 1)
      throw new KakouError('KAKOU_E_CLI_USAGE', '--synthetic needs a positive number of subjects');
    records = syntheticRecords(n, seedFrom(String(v.seed ?? 'kakou')), issuedAtMs);
  }
  const out = createWriteStream(resolve(ctx.cwd, String(v.out)));
  const writer = new SnapshotWriter(
    {
      version,
      baseVersion: Number(v.base ?? 0),
      issuedAtMs,
      validUntilMs,
      issuer: String(v.issuer ?? 'kakou snapshot build'),
      driverIdKeyId: driverIdKeyIdOut,
    },
    key,
    (chunk) => {
      out.write(chunk);
    },
  );
  let n = 0;
  for (const r of records) {
    writer.add(r);
    // Respect backpressure so a million-subject build stays within memory.
    if (++n % 10_000 === 0 && out.writableNeedDrain) await new Promise<void>((res) => out.once('drain', () => res()));
  }
  const { records: count } = writer.finish();
  await new Promise<void>((res, rej) => out.end((err?: Error | null) => (err ? rej(err) : res())));
  ctx.out(
    `wrote ${String(v.out)}: version ${version}, ${count.toLocaleString('en')} records, valid until ${new Date(validUntilMs).toISOString()}`,
  );
  return EXIT.ok;
}

export const snapshotCommand: Command = {
  name: 'snapshot',
  usage: `Usage:
  kakou snapshot import FILE [--config FILE]          import a signed snapshot into the node's database
  kakou snapshot verify FILE [--trust HEX]... [--config FILE]
                                                      check a snapshot's signature without importing it
  kakou snapshot inspect FILE | --current [--config FILE]
                                                      counts by kind, grade distribution, lists, age
  kakou snapshot build (--from FILE_OR_DIR | --synthetic N [--seed S]) --key FILE --out FILE
                       [--version V] [--base V] [--valid-days D] [--issuer NAME] [--driver-id-key FILE]
                                                      write a signed snapshot (central teams, tests, demos)

Import and verify trust the keys in snapshot.trustedKeys (and --trust). An import is applied
atomically: a refused or interrupted one leaves the snapshot in force unchanged. Drivers are keyed
by HMAC-SHA256 of their ID number under the provincial driver-id key: build hashes ID numbers with
--driver-id-key (a file of 64 hex digits), and a node keeps drivers only with the same key in
snapshot.driverIdKey.
Exit codes: 0 done, 1 snapshot refused, 2 bad usage or configuration.`,
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        config: { type: 'string', short: 'c' },
        trust: { type: 'string', multiple: true },
        current: { type: 'boolean' },
        from: { type: 'string' },
        synthetic: { type: 'string' },
        seed: { type: 'string' },
        key: { type: 'string' },
        out: { type: 'string', short: 'o' },
        version: { type: 'string' },
        base: { type: 'string' },
        'valid-days': { type: 'string' },
        issuer: { type: 'string' },
        'driver-id-key': { type: 'string' },
      },
      true,
    );
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    const [verb, file] = positionals;
    if (verb === 'build') return build(ctx, values as Record<string, string | boolean | undefined>);
    const cfgFile = values.config ?? ctx.env.KAKOU_CONFIG;
    const config = loadConfig({ ...(cfgFile && { file: resolve(ctx.cwd, cfgFile) }), env: ctx.env });
    const keys = trustedKeyMap([...config.snapshot.trustedKeys, ...(values.trust ?? [])]);
    if (verb === 'verify' || (verb === 'inspect' && !values.current)) {
      if (!file) throw new KakouError('KAKOU_E_CLI_USAGE', `snapshot ${verb} needs a FILE`);
      const s = await summarise(createReadStream(resolve(ctx.cwd, file), { highWaterMark: 1 << 20 }), keys);
      ctx.out(
        JSON.stringify(
          {
            ...s,
            header: {
              ...s.header,
              issuedAt: new Date(s.header.issuedAtMs).toISOString(),
              validUntil: new Date(s.header.validUntilMs).toISOString(),
            },
          },
          null,
          2,
        ),
      );
      if (verb === 'verify' && s.signatureValid !== true) {
        ctx.err(
          `kakou: ${
            s.signatureValid === null
              ? 'KAKOU_E_SNAPSHOT_UNTRUSTED_KEY: issuer key is not trusted'
              : 'KAKOU_E_SNAPSHOT_SIGNATURE: signature or digest does not verify'
          }`,
        );
        return EXIT.failure;
      }
      return EXIT.ok;
    }
    if (verb !== 'import' && verb !== 'inspect')
      throw new KakouError('KAKOU_E_CLI_USAGE', 'use: kakou snapshot import|verify|inspect|build (see --help)');
    const { Storage } = await import('../storage/storage.js');
    const { SnapshotService } = await import('../snapshot/snapshot-service.js');
    const { IndexedCreditLookup } = await import('../credit/credit-lookup.js');
    const log = ctx.logger(config.log.level);
    const storage = new Storage(config.storage.dataDir, config.storage.busyTimeoutMs, pino({ level: 'silent' }));
    try {
      const driverKeyId = config.snapshot.driverIdKey
        ? driverIdKeyId(Buffer.from(config.snapshot.driverIdKey, 'hex'))
        : null;
      const service = new SnapshotService(
        storage.snapshots,
        new IndexedCreditLookup(storage.creditSql, storage.creditRows),
        keys,
        ctx.clock,
        config.snapshot.staleAfterHours * 3_600_000,
        log,
        { emit: () => undefined },
        driverKeyId,
      );
      if (verb === 'inspect') {
        ctx.out(
          JSON.stringify({ status: service.status(), meta: service.meta(), ...storage.snapshots.figures() }, null, 2),
        );
        return EXIT.ok;
      }
      if (!file) throw new KakouError('KAKOU_E_CLI_USAGE', 'snapshot import needs a FILE');
      const path = resolve(ctx.cwd, file);
      if (ctx.isTTY) ctx.err('');
      const meta = await service.importFile(path, progressBar(ctx, statSync(path).size));
      ctx.out(
        `imported version ${meta.version}${meta.baseVersion ? ` (delta on ${meta.baseVersion})` : ''}: ` +
          `${meta.recordCount.toLocaleString('en')} records, valid until ${new Date(meta.validUntilMs).toISOString()}`,
      );
      return EXIT.ok;
    } finally {
      storage.close();
    }
  },
};
