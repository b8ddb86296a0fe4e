import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openSealedKey, sealKey } from './key-seal.js';

/** What a backup does with the node's signing key: seal it with a passphrase, or leave it out on the operator's word. */
export type KeyChoice = { passphrase: string } | 'leave-out';

export interface KeyPlaces {
  keyFile: string;
  key: KeyChoice;
}

/** The key as a manifest names it. */
export interface ManifestKey {
  file: string;
  sha256: string;
  sealed: boolean;
}

export const SEALED_KEY = 'node-key.sealed.json';

/** What leaving the key out costs, said where the operator reads it. */
export const KEY_LEFT_OUT =
  "the backup leaves out the node's signing key: a node restored from it makes a new key, and the central " +
  'refuses it (KAKOU_E_SYNC_KEY_CONFLICT) until its administrator registers the new key';

/**
 * Seals the node's key, before anything is written (a missing or short passphrase stops the
 * backup at once); null when there is no key or the operator left it out.
 */
export function sealBackupKey(places: KeyPlaces): string | null {
  if (places.key === 'leave-out' || !existsSync(places.keyFile)) return null;
  return sealKey(readFileSync(places.keyFile), places.key.passphrase);
}

/** Writes the sealed key into the backup folder. */
export function writeBackupKey(sealed: string, outDir: string, sha: (file: string) => string): ManifestKey {
  const file = join(outDir, SEALED_KEY);
  writeFileSync(file, sealed, { mode: 0o600 });
  return { file: SEALED_KEY, sha256: sha(file), sealed: true };
}

/** The backup's key, opened (before anything is touched: a wrong passphrase changes nothing); null if left out. */
export function readBackupKey(from: string, m: ManifestKey, places: KeyPlaces): Buffer | null {
  if (places.key === 'leave-out') return null;
  return m.sealed ? openSealedKey(readFileSync(from, 'utf8'), places.key.passphrase) : readFileSync(from);
}

/**
 * Puts the signing key where the node reads it. A different key already there (a node started on
 * the new disk before the restore made one) is kept beside it, never deleted. Backups made before
 * keys were sealed carry the PEM as it was.
 */
export function placeKey(pem: Buffer, keyFile: string, stamp: string): void {
  if (existsSync(keyFile)) {
    if (readFileSync(keyFile).equals(pem)) return;
    renameSync(keyFile, `${keyFile}.replaced-${stamp}`);
  }
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(`${keyFile}.restoring`, pem, { mode: 0o600 });
  chmodSync(`${keyFile}.restoring`, 0o600);
  renameSync(`${keyFile}.restoring`, keyFile);
}
