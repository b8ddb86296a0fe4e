import { createHash, type KeyObject } from 'node:crypto';
import { KakouError } from '../errors.js';
import { verifyBytes } from '../sync/signing.js';
import {
  decodeHeader,
  decodeTrailer,
  encodeTrailer,
  frame,
  frameBatches,
  frameBody,
  signedMessage,
  SnapshotFormatError,
  type SnapHeader,
  type SnapTrailer,
} from './format.js';

export interface SnapshotVisitor {
  /** The header, before any record; throwing refuses the snapshot. */
  header(h: SnapHeader): void;
  /** Each record's bytes (without the length prefix), in file order. */
  record(body: Buffer): void;
  /** After each batch of frames: where a long read yields to the event loop and reports progress. */
  afterBatch?(records: number, bytes: number): Promise<void> | void;
}

export interface SnapshotRead {
  header: SnapHeader;
  headerFrame: Buffer;
  trailer: SnapTrailer;
  recordsSha256: Buffer;
  records: number;
  bytes: number;
}

/**
 * Walks a snapshot stream once: header, records, trailer, computing the records' digest on the
 * way. The importer and `kakou snapshot verify|inspect` both read through here. Any malformed
 * input becomes KAKOU_E_SNAPSHOT_INVALID; a visitor's own KakouError passes through unchanged.
 */
export async function readSnapshot(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  visitor: SnapshotVisitor,
): Promise<SnapshotRead> {
  let bytes = 0;
  const counted = (async function* () {
    for await (const c of chunks) {
      bytes += c.length;
      yield c;
    }
  })();
  let header: SnapHeader | null = null;
  let headerFrame: Buffer | null = null;
  let held: Buffer | null = null;
  let records = 0;
  const digest = createHash('sha256');
  try {
    for await (const batch of frameBatches(counted)) {
      for (const f of batch) {
        if (!header) {
          headerFrame = f;
          header = decodeHeader(frameBody(f));
          visitor.header(header);
          continue;
        }
        // The last frame is the trailer, so each frame is handled when the next one arrives.
        if (held) {
          digest.update(held);
          visitor.record(frameBody(held));
          records++;
        }
        held = f;
      }
      await visitor.afterBatch?.(records, bytes);
    }
    if (!header || !headerFrame || !held)
      throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', 'snapshot has no header or no trailer');
    const trailer = decodeTrailer(frameBody(held));
    // The trailer carries the signature and so is not itself signed: only its one canonical encoding
    // (and frame) is taken, so a file's bytes cannot be changed (a field's wire type, a longer length
    // prefix) and still import.
    if (!frame(encodeTrailer(trailer)).equals(held))
      throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', 'snapshot trailer is not canonically encoded');
    return {
      header,
      headerFrame,
      trailer,
      recordsSha256: digest.digest(),
      records,
      bytes,
    };
  } catch (err) {
    if (err instanceof KakouError) throw err;
    if (err instanceof SnapshotFormatError) throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', err.message);
    // A protobuf decoding error: the bytes are not what the format says they are.
    throw new KakouError('KAKOU_E_SNAPSHOT_INVALID', `cannot decode snapshot: ${(err as Error).message}`, [], {
      cause: err,
    });
  }
}

/** The trailer's count, digest and signature all agree with what was read, under the issuer's key. */
export function trailerVerifies(key: KeyObject, read: SnapshotRead): boolean {
  return (
    read.trailer.recordCount === read.records &&
    read.recordsSha256.equals(read.trailer.recordsSha256) &&
    verifyBytes(key, signedMessage(read.headerFrame, read.recordsSha256, read.records), read.trailer.signature)
  );
}
