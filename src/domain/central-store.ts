/** A record as the central stores it. */
export interface StoredRecord {
  nodeId: string;
  seq: number;
  idempotencyKey: string;
  kind: string;
  lane: number;
  createdAtMs: number;
  receivedAtMs: number;
  /** JSON text; '' when the node evicted it. */
  payload: string;
  payloadSha256: Buffer;
  prevHash: Buffer;
  hash: Buffer;
  clockSuspect: boolean;
  evicted: boolean;
  /** Link to seq - 1: true verified, false broken, null not yet verifiable (predecessor missing). */
  linkOk: boolean | null;
  /** A tombstone: the node retired this record as undeliverable, for `retiredReason`. */
  retired: boolean;
  retiredReason: string | null;
}

export interface RejectionRow {
  nodeId: string;
  seq: number;
  code: string;
  reason: string;
  atMs: number;
}

/** A reviewer's verdict on a stored inspection record, which the node reads back (sync/README.md, "Reviews"). */
export interface ReviewRow {
  /** Increasing per central: the node's cursor. */
  id: number;
  nodeId: string;
  seq: number;
  /** The reviewed record's idempotency key and its payload's id. */
  idempotencyKey: string;
  recordId: string;
  /** refused: the record does not stand, the node answers with a correction or a void; upheld: a refusal withdrawn. */
  outcome: 'refused' | 'upheld';
  reason: string;
  reviewer: string;
  atMs: number;
}

export interface CentralReviewStore {
  add(review: Omit<ReviewRow, 'id'>): Promise<number>;
  /** A node's reviews after the cursor, oldest first. */
  after(nodeId: string, afterId: number, limit: number): Promise<ReviewRow[]>;
}

export interface NodeRow {
  nodeId: string;
  publicKey: Buffer;
  name: string;
  registeredAtMs: number;
  contiguous: number;
  /** The site's offset from UTC as the node stated it at registration (null: not stated). */
  utcOffsetMinutes: number | null;
  /** When an administrator revoked the node (decommissioned, or its key compromised), and why; null: in service. */
  revokedAtMs: number | null;
  revokedReason: string | null;
}

export interface Gap {
  from: number;
  to: number;
  /** Why, when the node said (a retired record); absent for records never received. */
  reason?: string;
}

/**
 * Inspection photos at the central: content-addressed (one copy per SHA-256, whichever node sent
 * it), uploaded in chunks that a node resumes from the bytes held after any interruption.
 */
export interface CentralPhotoStore {
  /** Whether the photo is stored whole, and how many bytes of an unfinished upload are held. */
  state(sha256: string): Promise<{ stored: boolean; received: number }>;
  /**
   * Appends `chunk` at `offset`, which must be the number of bytes held (else null: the caller
   * asks again where to resume). Returns the bytes held, and the whole upload once `total` are.
   */
  append(
    sha256: string,
    offset: number,
    chunk: Buffer,
    total: number,
    contentType: string,
    nowMs: number,
  ): Promise<{ received: number; complete: Buffer | null } | null>;
  /** Stores the finished photo once and drops its upload; with null data, drops the upload only (a digest mismatch). */
  finish(sha256: string, contentType: string, data: Buffer | null, nowMs: number): Promise<void>;
  get(sha256: string): Promise<{ contentType: string; data: Buffer } | null>;
  /** Whether the node sent an inspection-photo record citing the photo. */
  cited(nodeId: string, sha256: string): Promise<boolean>;
  /** The photos the node's records cite, and how many of them the central holds. */
  counts(nodeId: string): Promise<{ cited: number; stored: number }>;
}

/**
 * What the reference central needs from its database. SQLite (default) and PostgreSQL implement
 * it and must pass the same suite (tests/integration/central-store.suite.ts).
 */
export interface CentralStore {
  readonly kind: 'sqlite' | 'postgres';
  readonly photos: CentralPhotoStore;
  readonly reviews: CentralReviewStore;
  init(): Promise<void>;
  /**
   * Runs `fn` holding this node's lock, with a store whose reads and writes happen under it: one
   * node's batches are stored one at a time across every process on the database (PostgreSQL: an
   * advisory lock) or within this process (SQLite), so a resend racing its original sees its effects.
   */
  exclusive<T>(nodeId: string, fn: (store: CentralStore) => Promise<T>): Promise<T>;
  node(nodeId: string): Promise<NodeRow | null>;
  /** Registers a node; false when the id was taken meanwhile (the caller reads it again). */
  insertNode(
    node: Omit<NodeRow, 'contiguous' | 'utcOffsetMinutes' | 'revokedAtMs' | 'revokedReason'>,
  ): Promise<boolean>;
  /** The site's offset from UTC the node stated when it registered (lateness counts its calendar days). */
  setNodeUtcOffset(nodeId: string, minutes: number): Promise<void>;
  /** A rotated key replaces the registered one; the old one is kept in the key history. */
  replaceNodeKey(nodeId: string, publicKey: Buffer, atMs: number): Promise<void>;
  /** Revokes a node (reason given) or, with null, puts it back in service. */
  setNodeRevoked(nodeId: string, revoked: { atMs: number; reason: string } | null): Promise<void>;
  nodes(): Promise<NodeRow[]>;
  /** A one-time enrolment token for a node id, stored as its SHA-256. */
  addEnrolmentToken(nodeId: string, tokenSha256: Buffer, createdAtMs: number, expiresAtMs: number): Promise<void>;
  /** Marks a valid, unused, unexpired token used; false when there is none such. Atomic: a token enrols once. */
  useEnrolmentToken(nodeId: string, tokenSha256: Buffer, atMs: number): Promise<boolean>;
  /** Stored (seq, hash, key) for the given sequence numbers. */
  existing(
    nodeId: string,
    seqs: readonly number[],
  ): Promise<Map<number, { hash: Buffer; idempotencyKey: string; prevHash: Buffer }>>;
  /** Sequence numbers already stored under these idempotency keys. */
  seqsByKey(nodeId: string, keys: readonly string[]): Promise<Map<string, number>>;
  /**
   * In one transaction: inserts the records and rejections, marks links of already-stored
   * successors that these records complete, and advances the node's contiguous watermark.
   * Returns the new watermark.
   */
  commit(
    nodeId: string,
    records: readonly StoredRecord[],
    rejections: readonly RejectionRow[],
    successorLinks: ReadonlyArray<{ seq: number; ok: boolean }>,
  ): Promise<number>;
  gaps(nodeId: string): Promise<Gap[]>;
  summary(nodeId: string): Promise<{
    records: number;
    maxSeq: number;
    pendingLinks: number;
    brokenLinks: number;
    clockSuspect: number;
    evicted: number;
    rejected: number;
    retired: number;
  }>;
  /** Tombstones, in sequence order. */
  retired(nodeId: string): Promise<Array<{ seq: number; kind: string; reason: string }>>;
  /** Records received more than `minMs` after creation (lateness is refined in working days by the caller). */
  lateCandidates(
    nodeId: string,
    minMs: number,
    limit: number,
  ): Promise<Array<Pick<StoredRecord, 'seq' | 'kind' | 'idempotencyKey' | 'createdAtMs' | 'receivedAtMs'>>>;
  countByKey(nodeId: string): Promise<Map<string, number>>;
  /** Records stored per kind (inspection, override, decision, ...), tombstones under the kind they retired. */
  countsByKind(nodeId: string): Promise<Record<string, number>>;
  record(nodeId: string, seq: number): Promise<StoredRecord | null>;
  /** The payload of the node's latest record of a kind (by creation time), or null. */
  latestPayload(nodeId: string, kind: string): Promise<string | null>;
  /** The payloads of the node's latest records of a kind, newest first, at most `limit`. */
  payloads(nodeId: string, kind: string, limit: number): Promise<string[]>;
  /** The node's records of a kind after `afterSeq`, in sequence order, at most `limit`; evicted ones left out. */
  page(
    nodeId: string,
    kind: string,
    afterSeq: number,
    limit: number,
  ): Promise<Array<{ seq: number; createdAtMs: number; payload: string }>>;
  close(): Promise<void>;
}
