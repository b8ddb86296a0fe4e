import { createHash } from 'node:crypto';

/** The fields of a record that its hash covers (see sync/README.md, "Record hash"). */
export interface ChainFields {
  seq: number;
  idempotencyKey: string;
  kind: string;
  createdAtMs: number;
  clockSuspect: boolean;
  payloadSha256: Uint8Array;
  prevHash: Uint8Array;
}

export const GENESIS_HASH = new Uint8Array(32);

export function sha256(data: Uint8Array | string): Buffer {
  return createHash('sha256').update(data).digest();
}

function lengthPrefixed(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(b.length);
  return Buffer.concat([len, b]);
}

/**
 * record_hash = SHA-256( "KAKOU-REC-1" || u64be seq || u32be len || key || u32be len || kind ||
 *                        i64be created_at_ms || u8 flags || payload_sha256[32] || prev_hash[32] )
 * An explicit byte layout, not protobuf bytes, so any language reproduces it exactly.
 */
export function recordHash(f: ChainFields): Buffer {
  const head = Buffer.alloc(8 + 8 + 1);
  head.writeBigUInt64BE(BigInt(f.seq), 0);
  head.writeBigInt64BE(BigInt(f.createdAtMs), 8);
  head.writeUInt8(f.clockSuspect ? 1 : 0, 16);
  return sha256(
    Buffer.concat([
      Buffer.from('KAKOU-REC-1', 'ascii'),
      head.subarray(0, 8),
      lengthPrefixed(f.idempotencyKey),
      lengthPrefixed(f.kind),
      head.subarray(8, 17),
      f.payloadSha256,
      f.prevHash,
    ]),
  );
}
