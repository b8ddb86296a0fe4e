import { createHash } from 'node:crypto';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import type { RawRecord, SnapHeader, SnapRecord, SnapTrailer } from '../domain/snapshot-records.js';
import { PACKAGE_ROOT } from '../paths.js';

export * from '../domain/snapshot-records.js';

export const MAGIC = Buffer.from('KKSNAP1\n', 'ascii');
export const SNAPSHOT_PROTO = join(PACKAGE_ROOT, 'sync', 'proto', 'snapshot.proto');

const root = protobuf.loadSync(SNAPSHOT_PROTO);
const T = {
  header: root.lookupType('kakou.snapshot.v1.SnapshotHeader'),
  record: root.lookupType('kakou.snapshot.v1.SnapshotRecord'),
  trailer: root.lookupType('kakou.snapshot.v1.SnapshotTrailer'),
};
const TO_OBJECT = { longs: Number, enums: String, bytes: Buffer, defaults: true, arrays: true, oneofs: false } as const;

export const encodeHeader = (h: SnapHeader): Uint8Array => T.header.encode(T.header.fromObject(h)).finish();
export const decodeHeader = (b: Uint8Array): SnapHeader =>
  T.header.toObject(T.header.decode(b), TO_OBJECT) as SnapHeader;
export const encodeRecord = (r: SnapRecord): Uint8Array => T.record.encode(T.record.fromObject(r)).finish();
export const encodeTrailer = (t: SnapTrailer): Uint8Array => T.trailer.encode(T.trailer.fromObject(t)).finish();
export const decodeTrailer = (b: Uint8Array): SnapTrailer =>
  T.trailer.toObject(T.trailer.decode(b), TO_OBJECT) as SnapTrailer;

/** Decodes a record into a plain object holding only the member that is set. */
export function decodeRecord(b: Uint8Array): SnapRecord {
  const msg = T.record.decode(b) as protobuf.Message & { record?: string };
  const which = msg.record;
  if (!which) throw new Error('record has no content');
  const o = T.record.toObject(msg, TO_OBJECT) as Record<string, unknown>;
  return { [which]: o[which] } as SnapRecord;
}

/**
 * The decoded protobufjs message itself, for the import hot path: unset fields read as their
 * defaults from the prototype and enums stay numbers, so no conversion is paid per record.
 */
export function decodeRecordRaw(b: Uint8Array): RawRecord {
  return T.record.decode(b) as unknown as RawRecord;
}

// Raw message shapes: the proto fields with numeric enums (see snapshot.proto for the numbers).

/** Varint length prefix, as protobuf's writeDelimited writes it. */
export function frame(bytes: Uint8Array): Buffer {
  const prefix: number[] = [];
  let n = bytes.length;
  while (n > 127) {
    prefix.push((n & 127) | 128);
    n >>>= 7;
  }
  prefix.push(n);
  return Buffer.concat([Buffer.from(prefix), bytes]);
}

/** The bytes the issuer signs: "KAKOU-SNAP-1" || SHA-256(header frame) || records_sha256 || u64be record_count. */
export function signedMessage(headerFrame: Uint8Array, recordsSha256: Uint8Array, recordCount: number): Buffer {
  const count = Buffer.alloc(8);
  count.writeBigUInt64BE(BigInt(recordCount));
  return Buffer.concat([
    Buffer.from('KAKOU-SNAP-1', 'ascii'),
    createHash('sha256').update(headerFrame).digest(),
    recordsSha256,
    count,
  ]);
}

export class SnapshotFormatError extends Error {}

/**
 * Splits a byte stream into length-delimited frames without holding the stream in memory: only
 * the current chunk and an incomplete frame's tail are kept. Frames come out in batches, one per
 * input chunk, because an async step per frame would cost more than decoding it.
 */
export async function* frameBatches(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxFrame = 16 * 1024 * 1024,
): AsyncGenerator<Buffer[]> {
  let buf: Buffer = Buffer.alloc(0);
  let magicSeen = false;
  for await (const chunk of chunks) {
    buf =
      buf.length === 0 ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : Buffer.concat([buf, chunk]);
    let off = 0;
    if (!magicSeen) {
      if (buf.length < MAGIC.length) continue;
      if (!buf.subarray(0, MAGIC.length).equals(MAGIC))
        throw new SnapshotFormatError('not a Kakou snapshot (bad magic)');
      magicSeen = true;
      off = MAGIC.length;
    }
    const batch: Buffer[] = [];
    for (;;) {
      let len = 0;
      let shift = 0;
      let p = off;
      let complete = false;
      while (p < buf.length) {
        const b = buf[p++] as number;
        len += (b & 127) * 2 ** shift;
        shift += 7;
        if (b < 128) {
          complete = true;
          break;
        }
        if (shift > 35) throw new SnapshotFormatError('frame length varint too long');
      }
      if (!complete) break;
      if (len > maxFrame) throw new SnapshotFormatError(`frame of ${len} bytes exceeds the ${maxFrame}-byte limit`);
      if (p + len > buf.length) break;
      // A view, not a copy: chunks are never written to after they arrive.
      batch.push(buf.subarray(off, p + len));
      off = p + len;
    }
    if (batch.length > 0) yield batch;
    buf = buf.subarray(off);
  }
  if (!magicSeen) throw new SnapshotFormatError('not a Kakou snapshot (too short)');
  if (buf.length > 0) throw new SnapshotFormatError(`truncated: ${buf.length} bytes of an incomplete frame at the end`);
}

/** One frame at a time (tools and tests; the importer uses frameBatches). */
export async function* frames(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Buffer> {
  for await (const batch of frameBatches(chunks)) yield* batch;
}

/** The body of a frame (without its length prefix). */
export function frameBody(f: Buffer): Buffer {
  let p = 0;
  while ((f[p++] as number) >= 128);
  return f.subarray(p);
}
