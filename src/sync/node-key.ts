import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { KakouError } from '../errors.js';
import { generateNodeKey, keyId, privateKeyFromPem, rawPublicKey } from './signing.js';

export interface NodeKey {
  privateKey: KeyObject;
  publicRaw: Buffer;
  keyId: string;
}

/**
 * The node's Ed25519 identity: loaded from its PEM file, or created there (mode 0600) on first
 * start. The private key never leaves the file and the process.
 */
export function loadOrCreateNodeKey(file: string): NodeKey {
  let privateKey: KeyObject;
  if (existsSync(file)) {
    try {
      privateKey = privateKeyFromPem(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new KakouError('KAKOU_E_CONFIG_INVALID', 'node key cannot be read', [
        `sync.keyFile: ${file} is not an Ed25519 private key (${(err as Error).message})`,
      ]);
    }
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      throw new KakouError('KAKOU_E_CONFIG_INVALID', 'node key is not Ed25519', [
        `sync.keyFile: ${file} holds a ${privateKey.asymmetricKeyType} key`,
      ]);
    }
  } else {
    mkdirSync(dirname(file), { recursive: true });
    const created = generateNodeKey();
    writeFileSync(file, created.privatePem, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
    privateKey = created.privateKey;
  }
  const publicRaw = rawPublicKey(createPublicKey(privateKey));
  return { privateKey, publicRaw, keyId: keyId(publicRaw) };
}
