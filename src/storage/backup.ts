import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import {
  accessSync,
  chownSync,
  constants,
  cpSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';
import { KakouError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import {
  placeKey,
  sealBackupKey,
  writeBackupKey,
  readBackupKey,
  type KeyPlaces,
  type ManifestKey,
} from './backup-key.js';
import { DataLock } from './data-lock.js';
import { markRestored } from './chain-anchor-repo.js';

/** What `kakou backup` writes beside the database copy, and `kakou restore` checks first. */
export interface BackupManifest {
  format: 'kakou-backup/1';
  createdAt: string;
  schemaVersion: number;
  dbBytes: number;
  dbSha256: string;
  inspections: number;
  outboxPending: number;
  photoFiles: number;
  /**
   * The node's signing key, sealed with the operator's passphrase (node-key.sealed.json), so a node
   * restored onto a new disk signs as the central knows it; null when it had none yet or the
   * operator left it out (`keyLeftOut`).
   */
  nodeKey: ManifestKey | null;
  keyLeftOut?: boolean;
}

const DB = 'kakou.db';
const MANIFEST = 'manifest.json';

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const sha256Small = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Creates the backup folder, or says in the catalog's words why it cannot. */
function makeOutDir(outDir: string): void {
  try {
    mkdirSync(outDir, { recursive: true });
    accessSync(outDir, constants.W_OK);
  } catch (err) {
    throw new KakouError('KAKOU_E_BACKUP_FAILED', `cannot write the backup to ${outDir}`, [
      `--out: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (the folder above it must exist and be writable by the user running kakou backup)`,
    ]);
  }
}

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    n += entry.isDirectory() ? countFiles(join(dir, entry.name)) : 1;
  return n;
}

/** Facts of a database file: schema version, records, and whether SQLite finds it sound. */
function inspect(file: string): {
  schemaVersion: number;
  inspections: number;
  outboxPending: number;
  integrity: string;
} {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
    const one = (sql: string) => (db.prepare(sql).pluck().get() as number | null) ?? 0;
    return {
      schemaVersion: one('SELECT COALESCE(MAX(version), 0) FROM schema_migrations'),
      inspections: one('SELECT COUNT(*) FROM inspections'),
      outboxPending: one('SELECT COUNT(*) FROM outbox'),
      integrity,
    };
  } finally {
    db.close();
  }
}

/**
 * An online backup of a node's data folder while the node runs: SQLite's backup API copies a
 * consistent snapshot of the database page by page without stopping writers, then the photos
 * are copied (they are written aside and renamed, so a copy never holds half a photo). The copy
 * is checked before the manifest is written: a folder without a manifest is not a backup.
 */
export async function backupDataDir(
  dataDir: string,
  outDir: string,
  key: KeyPlaces,
  now = new Date(),
): Promise<BackupManifest> {
  const source = join(dataDir, DB);
  if (!existsSync(source))
    throw new KakouError('KAKOU_E_BACKUP_FAILED', `no node database in ${dataDir}`, [
      `storage.dataDir: ${source} does not exist`,
    ]);
  if (existsSync(join(outDir, MANIFEST)) || existsSync(join(outDir, DB))) {
    throw new KakouError('KAKOU_E_BACKUP_FAILED', `${outDir} already holds a backup`, [
      `--out: choose a new folder; a backup is never overwritten`,
    ]);
  }
  const sealed = sealBackupKey(key);
  makeOutDir(outDir);
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(join(outDir, DB));
  } catch (err) {
    throw new KakouError('KAKOU_E_BACKUP_FAILED', `backup of ${source} failed`, [(err as Error).message]);
  } finally {
    db.close();
  }
  if (existsSync(join(dataDir, 'photos')))
    cpSync(join(dataDir, 'photos'), join(outDir, 'photos'), {
      recursive: true,
      filter: (src) => !src.endsWith('.part'),
    });
  const facts = inspect(join(outDir, DB));
  if (facts.integrity !== 'ok')
    throw new KakouError('KAKOU_E_BACKUP_FAILED', "the copy does not pass SQLite's integrity check", [facts.integrity]);
  const nodeKey = sealed === null ? null : writeBackupKey(sealed, outDir, sha256Small);
  const manifest: BackupManifest = {
    format: 'kakou-backup/1',
    createdAt: now.toISOString(),
    schemaVersion: facts.schemaVersion,
    dbBytes: statSync(join(outDir, DB)).size,
    dbSha256: await sha256File(join(outDir, DB)),
    inspections: facts.inspections,
    outboxPending: facts.outboxPending,
    photoFiles: countFiles(join(outDir, 'photos')),
    nodeKey,
    ...(key.key === 'leave-out' && { keyLeftOut: true }),
  };
  writeFileSync(join(outDir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Every reason a folder cannot be restored, empty when it can. */
async function restoreProblems(fromDir: string): Promise<{ manifest: BackupManifest | null; problems: string[] }> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(join(fromDir, MANIFEST), 'utf8')) as BackupManifest;
  } catch (err) {
    return {
      manifest: null,
      problems: [`${join(fromDir, MANIFEST)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`],
    };
  }
  const problems: string[] = [];
  if (manifest.format !== 'kakou-backup/1')
    problems.push(`${MANIFEST}: format ${String(manifest.format)} is not kakou-backup/1`);
  const db = join(fromDir, DB);
  if (!existsSync(db)) return { manifest, problems: [...problems, `${db}: missing`] };
  if ((await sha256File(db)) !== manifest.dbSha256)
    problems.push(`${DB}: SHA-256 differs from the manifest (the copy was changed or damaged)`);
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  if (manifest.schemaVersion > latest)
    problems.push(`${MANIFEST}: schema version ${manifest.schemaVersion} is newer than the ${latest} this Kakou knows`);
  if (manifest.nodeKey) {
    const keyCopy = join(fromDir, manifest.nodeKey.file);
    if (!existsSync(keyCopy)) problems.push(`${keyCopy}: missing (the manifest names the node's signing key)`);
    else if ((await sha256File(keyCopy)) !== manifest.nodeKey.sha256)
      problems.push(`${manifest.nodeKey.file}: SHA-256 differs from the manifest`);
  }
  if (problems.length === 0) {
    const facts = inspect(db);
    if (facts.integrity !== 'ok') problems.push(`${DB}: integrity check: ${facts.integrity}`);
  }
  return { manifest, problems };
}

/**
 * Puts a backup in place of a stopped node's database. The current database, if any, is kept
 * beside it (kakou.db.replaced-<time>) and only with `force`; the copy lands under a temporary
 * name and is renamed, so an interrupted restore leaves the old database or the new one. A backup
 * from an older version is brought up to date by the migrations at the next start.
 */
export async function restoreDataDir(
  fromDir: string,
  dataDir: string,
  opts: { force: boolean; now?: Date } & KeyPlaces,
): Promise<BackupManifest> {
  if (DataLock.held(dataDir))
    throw new KakouError('KAKOU_E_DATA_DIR_IN_USE', `a running node holds ${dataDir}`, [
      'stop the node (systemctl stop kakou), then restore',
    ]);
  const { manifest, problems } = await restoreProblems(fromDir);
  if (!manifest || problems.length > 0)
    throw new KakouError('KAKOU_E_RESTORE_INVALID', `${fromDir} cannot be restored`, problems);
  const pem = manifest.nodeKey ? readBackupKey(join(fromDir, manifest.nodeKey.file), manifest.nodeKey, opts) : null;
  const target = join(dataDir, DB);
  mkdirSync(dataDir, { recursive: true });
  const stamp = (opts.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  if (existsSync(target)) {
    if (!opts.force)
      throw new KakouError('KAKOU_E_RESTORE_TARGET_EXISTS', `${target} exists`, [
        'stop the node, then restore with --force: the current database is kept beside it, not deleted',
      ]);
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(target + suffix)) renameSync(target + suffix, `${target}.replaced-${stamp}${suffix}`);
  }
  if (pem) placeKey(pem, opts.keyFile, stamp);
  cpSync(join(fromDir, DB), `${target}.restoring`);
  // The restored node continues its uplink chain after what the central holds (sync/restore-anchor.ts).
  markRestored(`${target}.restoring`, (opts.now ?? new Date()).getTime(), manifest.createdAt);
  renameSync(`${target}.restoring`, target);
  if (existsSync(join(fromDir, 'photos')))
    cpSync(join(fromDir, 'photos'), join(dataDir, 'photos'), { recursive: true });
  ownLikeDataDir(dataDir, [target, join(dataDir, 'photos'), ...(pem ? [opts.keyFile] : [])]);
  return manifest;
}

/**
 * A restore run as root leaves what it wrote owned by the data folder's owner (the service's
 * user), or the node could not write its own database.
 */
function ownLikeDataDir(dataDir: string, paths: string[]): void {
  if (userInfo().uid !== 0) return;
  const { uid, gid } = statSync(dataDir);
  if (uid === 0) return;
  const own = (p: string) => {
    if (!existsSync(p)) return;
    chownSync(p, uid, gid);
    if (statSync(p).isDirectory()) for (const e of readdirSync(p)) own(join(p, e));
  };
  for (const p of paths) own(p);
}
