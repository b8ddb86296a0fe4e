import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { keyId, rawPublicKey, signBytes } from '../sync/signing.js';
import {
  encodeHeader,
  encodeRecord,
  encodeTrailer,
  frame,
  MAGIC,
  signedMessage,
  type SnapHeader,
  type SnapRecord,
} from './format.js';

export type SnapshotHeaderInput = Omit<SnapHeader, 'format' | 'issuerKeyId' | 'driverIdKeyId'> & {
  driverIdKeyId?: string;
};

/**
 * Writes a signed snapshot as a stream of chunks: magic, header, records, then the trailer with
 * the record count, the records' digest and the issuer's signature. Memory stays flat whatever
 * the number of records.
 */
export class SnapshotWriter {
  private readonly digest = createHash('sha256');
  private readonly headerFrame: Buffer;
  private count = 0;

  constructor(
    header: SnapshotHeaderInput,
    private readonly key: KeyObject,
    private readonly sink: (chunk: Buffer) => void,
  ) {
    // protobufjs writes a field that is set even when empty: a snapshot without drivers leaves it unset.
    const { driverIdKeyId, ...rest } = header;
    const h = {
      ...rest,
      ...(driverIdKeyId && { driverIdKeyId }),
      format: 1,
      issuerKeyId: keyId(rawPublicKey(createPublicKey(key))),
    } as SnapHeader;
    this.headerFrame = frame(encodeHeader(h));
    sink(Buffer.concat([MAGIC, this.headerFrame]));
  }

  add(record: SnapRecord): void {
    const f = frame(encodeRecord(record));
    this.digest.update(f);
    this.count++;
    this.sink(f);
  }

  finish(): { records: number } {
    const recordsSha256 = this.digest.digest();
    const signature = signBytes(this.key, signedMessage(this.headerFrame, recordsSha256, this.count));
    this.sink(frame(encodeTrailer({ recordCount: this.count, recordsSha256, signature })));
    return { records: this.count };
  }
}

/** Builds a whole snapshot in memory (tests, the demo); files are written with SnapshotWriter directly. */
export function buildSnapshot(header: SnapshotHeaderInput, key: KeyObject, records: Iterable<SnapRecord>): Buffer {
  const chunks: Buffer[] = [];
  const w = new SnapshotWriter(header, key, (c) => chunks.push(c));
  for (const r of records) w.add(r);
  w.finish();
  return Buffer.concat(chunks);
}
