import { join } from 'node:path';
import protobuf from 'protobufjs';
import { PACKAGE_ROOT } from '../paths.js';

/** Wire messages of sync/proto/uplink.proto, as plain objects. Numbers: seq < 2^53 by construction. */
export interface WireRecord {
  seq: number;
  idempotencyKey: string;
  kind: string;
  createdAtMs: number;
  payload: Uint8Array;
  payloadSha256: Uint8Array;
  prevHash: Uint8Array;
  clockSuspect: boolean;
  evicted: boolean;
  lane: number;
  /** A tombstone for a record the central refused for good; see sync/README.md, "Retiring a record". */
  retired?: boolean;
  retiredReason?: string;
  /** The retired record's hash (tombstones only). */
  recordHash?: Uint8Array;
}

export interface WireBatch {
  nodeId: string;
  batchSeq: number;
  sentAtMs: number;
  records: WireRecord[];
  /** The protocol version the node speaks (0 or absent: 1). */
  protocolVersion?: number;
}

export interface WireSignedBatch {
  batch: Uint8Array;
  signature: Uint8Array;
  keyId: string;
}

export interface WireRejection {
  seq: number;
  code: string;
  reason: string;
}

export interface WireAck {
  batchSeq: number;
  highestContiguousSeq: number;
  accepted: number[];
  rejected: WireRejection[];
}

export interface WireRegistration {
  nodeId: string;
  publicKey: Uint8Array;
  name: string;
  enrolmentToken?: string;
  rotationSignature?: Uint8Array;
  protocolVersion?: number;
  /** The site's offset from UTC, "+08:00"; empty or absent: not stated. */
  utcOffset?: string;
}

/** "+08:00" for 480 minutes. */
export function formatUtcOffset(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Minutes from "+08:00", or null when absent or malformed. */
export function parseUtcOffset(s: string | undefined): number | null {
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(s ?? '');
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return minutes > 14 * 60 ? null : (m[1] === '-' ? -1 : 1) * minutes;
}

/** The uplink protocol version this node speaks, and the versions the reference central takes. */
export const PROTOCOL_VERSION = 1;
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1];

/** A message's protocol version: 0, the proto3 default, is what a node from before versioning sends. */
export const protocolVersionOf = (m: { protocolVersion?: number }): number => m.protocolVersion || 1;

export const PROTO_FILE = join(PACKAGE_ROOT, 'sync', 'proto', 'uplink.proto');
export const PROTOBUF_CONTENT_TYPE = 'application/x-protobuf';

const root = protobuf.loadSync(PROTO_FILE);
const types = {
  Batch: root.lookupType('kakou.uplink.v1.Batch'),
  SignedBatch: root.lookupType('kakou.uplink.v1.SignedBatch'),
  Ack: root.lookupType('kakou.uplink.v1.Ack'),
  Registration: root.lookupType('kakou.uplink.v1.Registration'),
};

// int64/uint64 arrive as Long or number depending on size; `longs: Number` keeps them numbers.
const TO_OBJECT = { longs: Number, bytes: Buffer, defaults: true, arrays: true } as const;

function codec<T extends object>(type: protobuf.Type) {
  return {
    encode: (value: T): Uint8Array => type.encode(type.fromObject(value as Record<string, unknown>)).finish(),
    decode: (bytes: Uint8Array): T => type.toObject(type.decode(bytes), TO_OBJECT) as T,
  };
}

export const Batch = codec<WireBatch>(types.Batch);
export const SignedBatch = codec<WireSignedBatch>(types.SignedBatch);
export const Ack = codec<WireAck>(types.Ack);
export const Registration = codec<WireRegistration>(types.Registration);
