import { createPrivateKey } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { accessSync, constants, createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isKakouError } from '../errors.js';
import type { Config } from '../config/schema.js';
import { readTlsFiles, type TlsMaterial } from '../config/tls-files.js';
import { decodeHeader, frameBody, frames } from '../snapshot/format.js';
import { trustedKeyMap } from '../snapshot/snapshot-service.js';
import { DataLock } from '../storage/data-lock.js';
import { nodeKeyFile } from '../sync/create-sync.js';

const code = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;

/** The nearest folder that exists at or above `dir`: where a missing folder would be created. */
function nearestFolder(dir: string): string {
  let d = resolve(dir);
  while (!existsSync(d) && dirname(d) !== d) d = dirname(d);
  return d;
}

function canWrite(what: string, dir: string, problems: string[]): void {
  const at = nearestFolder(dir);
  try {
    accessSync(at, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (err) {
    problems.push(`${what}: ${dir} cannot be written by this user (${code(err)} at ${at})`);
  }
}

/** Certificates with their keys, loaded as TLS will load them: an unmatched pair fails here, not at the first client. */
function tlsPairs(material: Record<string, TlsMaterial>, problems: string[]): void {
  for (const [section, m] of Object.entries(material)) {
    try {
      if (m.cert || m.key || m.ca) createSecureContext({ ...m });
    } catch (err) {
      problems.push(`${section}: its TLS files do not load together (${(err as Error).message})`);
    }
  }
}

async function snapshotFile(config: Config, now: number, problems: string[], notes: string[]): Promise<void> {
  const file = config.snapshot.file;
  if (!file) return;
  // A file that is not there yet (a USB stick not inserted) is skipped at start, and said so here.
  if (!existsSync(file)) {
    notes.push(`snapshot.file ${file} is not there: the node starts on the snapshot in force`);
    return;
  }
  try {
    accessSync(file, constants.R_OK);
    for await (const f of frames(createReadStream(file, { highWaterMark: 64 * 1024 }))) {
      const h = decodeHeader(frameBody(f));
      if (!trustedKeyMap(config.snapshot.trustedKeys).has(h.issuerKeyId))
        problems.push(
          `snapshot.file: ${file} is signed by ${h.issuerKeyId || '(no key)'}, not in snapshot.trustedKeys`,
        );
      else if (h.validUntilMs <= now)
        problems.push(`snapshot.file: ${file} expired at ${new Date(h.validUntilMs).toISOString()}`);
      return;
    }
    problems.push(`snapshot.file: ${file} has no header`);
  } catch (err) {
    problems.push(`snapshot.file: ${file} cannot be read as a snapshot (${isKakouError(err) ? err.code : code(err)})`);
  }
}

/**
 * Everything `serve` reads or writes at start, checked as the user running `kakou check` (run it
 * as the service's user): TLS files and their pairs, the data folder and database, the node's
 * signing key, and the snapshot file. Returns every problem, and notes that are not problems.
 */
export async function startProblems(config: Config, now: number): Promise<{ problems: string[]; notes: string[] }> {
  const problems: string[] = [];
  const notes: string[] = [];
  const sections = {
    mqtt: config.mqtt,
    http: config.http,
    sync: { caFile: config.sync.caFile, certFile: config.sync.certFile, keyFile: config.sync.tlsKeyFile },
  };
  // One section at a time, so a missing file in one does not hide a mismatched pair in another.
  for (const [section, files] of Object.entries(sections)) {
    try {
      tlsPairs(readTlsFiles({ [section]: files }), problems);
    } catch (err) {
      problems.push(...(isKakouError(err) ? err.details : [String(err)]));
    }
  }
  const dataDir = config.storage.dataDir;
  if (dataDir !== ':memory:') {
    canWrite('storage.dataDir', dataDir, problems);
    const db = join(dataDir, 'kakou.db');
    if (existsSync(db)) {
      try {
        accessSync(db, constants.R_OK | constants.W_OK);
      } catch (err) {
        problems.push(
          `storage.dataDir: ${db} cannot be written by this user (${code(err)}; owner uid ${statSync(db).uid})`,
        );
      }
    }
    if (existsSync(dataDir) && DataLock.held(dataDir)) notes.push(`a node is running on ${dataDir}`);
  }
  if (config.sync.centralUrl) {
    const keyFile = nodeKeyFile(config);
    if (existsSync(keyFile)) {
      try {
        createPrivateKey(readFileSync(keyFile));
      } catch (err) {
        problems.push(`sync.keyFile: ${keyFile} is not a readable private key (${code(err)})`);
      }
    } else {
      canWrite('sync.keyFile', dirname(keyFile), problems);
      notes.push(`the node's signing key will be created at ${keyFile} at first start`);
    }
  }
  await snapshotFile(config, now, problems, notes);
  return { problems, notes };
}
