import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { sha256 } from '../domain/record-chain.js';

/** Raw 32-byte Ed25519 public key (the last 32 bytes of its SPKI DER encoding). */
export function rawPublicKey(key: KeyObject): Buffer {
  const der = key.export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32);
}

/** SPKI DER prefix of an Ed25519 public key; the raw key follows it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new Error(`Ed25519 public key must be 32 bytes, got ${raw.length}`);
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
}

export function keyId(rawPublic: Uint8Array): string {
  return sha256(rawPublic).toString('hex').slice(0, 16);
}

export function signBytes(privateKey: KeyObject, data: Uint8Array): Buffer {
  return sign(null, data, privateKey);
}

export function verifyBytes(publicKey: KeyObject, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}

export function generateNodeKey(): { privatePem: string; privateKey: KeyObject } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, privateKey };
}

export function privateKeyFromPem(pem: string): KeyObject {
  return createPrivateKey(pem);
}

/** The bytes a node's old key signs to hand its identity to a new key: "KAKOU-ROTATE-1" || u32be len || node id || new key[32]. */
export function rotationMessage(nodeId: string, newPublicRaw: Uint8Array): Buffer {
  const id = Buffer.from(nodeId, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(id.length);
  return Buffer.concat([Buffer.from('KAKOU-ROTATE-1', 'ascii'), len, id, newPublicRaw]);
}

/**
 * The bytes a node signs to read from the central (GET /v1/snapshot):
 * "KAKOU-GET-1\n" || node id || "\n" || request path || "\n" || decimal ms timestamp.
 */
export function requestMessage(nodeId: string, path: string, atMs: number): Buffer {
  return Buffer.from(`KAKOU-GET-1\n${nodeId}\n${path}\n${atMs}`, 'utf8');
}
