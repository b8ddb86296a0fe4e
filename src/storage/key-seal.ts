import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { KakouError } from '../errors.js';

/**
 * The node's signing key as a backup carries it: sealed with a passphrase (scrypt, then
 * AES-256-GCM), so a backup on a shared disk or a USB stick does not hand out the node's identity.
 */
interface SealedKey {
  format: 'kakou-sealed-key/1';
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string };
  iv: string;
  tag: string;
  data: string;
}

// scrypt at N = 2^15, r = 8: memory-hard against guessing, and run once per backup and restore only.
const N = 1 << 15;
const R = 8;
const P = 1;
const MAX_MEM = 64 * 1024 * 1024;

/** A passphrase shorter than this is refused: the sealed key may sit on removable media for years. */
export const MIN_PASSPHRASE = 12;

const derive = (passphrase: string, salt: Buffer, n: number, r: number, p: number) =>
  scryptSync(passphrase.normalize('NFC'), salt, 32, { N: n, r, p, maxmem: MAX_MEM });

const NO_PASSPHRASE = [
  "the node's signing key is sealed with a passphrase: give --key-passphrase-file FILE (or KAKOU_BACKUP_PASSPHRASE),",
  'or --without-key to leave the key out (the command says what that costs)',
];

export function sealKey(pem: Buffer, passphrase: string): string {
  if (passphrase === '') throw new KakouError('KAKOU_E_CLI_USAGE', 'no passphrase for the signing key', NO_PASSPHRASE);
  if (passphrase.length < MIN_PASSPHRASE)
    throw new KakouError('KAKOU_E_CLI_USAGE', 'the backup passphrase is too short', [
      `the passphrase must be at least ${MIN_PASSPHRASE} characters`,
    ]);
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derive(passphrase, salt, N, R, P), iv);
  const data = Buffer.concat([cipher.update(pem), cipher.final()]);
  const sealed: SealedKey = {
    format: 'kakou-sealed-key/1',
    kdf: { name: 'scrypt', N, r: R, p: P, salt: salt.toString('base64') },
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return `${JSON.stringify(sealed, null, 2)}\n`;
}

export function openSealedKey(text: string, passphrase: string): Buffer {
  if (passphrase === '') throw new KakouError('KAKOU_E_CLI_USAGE', 'no passphrase for the signing key', NO_PASSPHRASE);
  const s = JSON.parse(text) as SealedKey;
  if (s.format !== 'kakou-sealed-key/1' || s.kdf?.name !== 'scrypt')
    throw new KakouError('KAKOU_E_RESTORE_INVALID', 'the sealed key is not in a format this Kakou knows');
  const key = derive(passphrase, Buffer.from(s.kdf.salt, 'base64'), s.kdf.N, s.kdf.r, s.kdf.p);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(s.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(s.data, 'base64')), decipher.final()]);
  } catch {
    throw new KakouError('KAKOU_E_KEY_PASSPHRASE', undefined, [
      'give the passphrase the backup was made with (--key-passphrase-file or KAKOU_BACKUP_PASSPHRASE)',
    ]);
  }
}
