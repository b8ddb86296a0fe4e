import { randomBytes } from 'node:crypto';
import { RECORD_KINDS, type RecordKind } from '../domain/record-kinds.js';
import { ChainBuilder } from './chain-builder.js';
import { type ConformanceContext, deliveryChecks, goldenPayload, recordRefusals } from './conformance-records.js';
import { centralCall, postOversized, type Answer } from './conformance-http.js';
import { Batch, Registration, SignedBatch, type WireRecord } from './contract.js';
import { requestMessage, signBytes } from './signing.js';

/** One check of a central against sync/README.md: what it tried, the section it tests, and what it saw. */
export interface CheckResult {
  name: string;
  section: string;
  ok: boolean;
  detail: string;
}

/**
 * The node side of the uplink contract, run against any central (`kakou conformance central`):
 * registration, golden records of every kind, resends, a seq twice in a batch, lanes out of
 * order, every per-record refusal, a tombstone, whole-request refusals and the watermark. Each
 * check names the README section that says what the answer must be.
 */
export class Conformance {
  private readonly node: ChainBuilder;
  readonly results: CheckResult[] = [];

  constructor(
    private readonly base: URL,
    private readonly nodeId: string,
    private readonly enrolmentToken: string,
  ) {
    this.node = new ChainBuilder(nodeId, randomBytes(32).toString('hex'));
  }

  private check(name: string, section: string, ok: boolean, detail: string): void {
    this.results.push({ name, section, ok, detail });
  }

  private signedBody(records: WireRecord[], over: { protocolVersion?: number; nodeId?: string } = {}): Uint8Array {
    const batch = Batch.encode({
      nodeId: over.nodeId ?? this.nodeId,
      batchSeq: 1,
      sentAtMs: Date.now(),
      records,
      protocolVersion: over.protocolVersion ?? 1,
    });
    return SignedBatch.encode({ batch, signature: signBytes(this.node.privateKey, batch), keyId: this.node.keyId });
  }

  private send(records: WireRecord[], over: { protocolVersion?: number; nodeId?: string } = {}) {
    return centralCall(this.base, 'POST', 'v1/uplink', this.signedBody(records, over));
  }

  private rejected(a: Answer, seq: number): string | null {
    return a.ack?.rejected.find((r) => r.seq === seq)?.code ?? null;
  }

  /** A record with one field bent, for the refusals. */
  private bent(r: WireRecord, over: Partial<WireRecord>): WireRecord {
    return { ...r, ...over };
  }

  async run(): Promise<CheckResult[]> {
    const health = await centralCall(this.base, 'GET', 'healthz');
    this.check('health probe', 'Endpoints', health.status === 200, `answered ${health.status}`);

    const reg = (version: number, token = this.enrolmentToken) =>
      Registration.encode({
        nodeId: this.nodeId,
        publicKey: this.node.publicRaw,
        name: 'conformance',
        enrolmentToken: token,
        protocolVersion: version,
      });
    const wrongVersion = await centralCall(this.base, 'POST', 'v1/nodes', reg(99));
    this.check(
      'registration of an unknown protocol version',
      'Versions and compatibility',
      wrongVersion.status === 400 && wrongVersion.code === 'KAKOU_E_SYNC_VERSION',
      `${wrongVersion.status} ${wrongVersion.code}`,
    );
    const stranger = await centralCall(
      this.base,
      'POST',
      'v1/nodes',
      Registration.encode({ nodeId: `${this.nodeId}-x`, publicKey: randomBytes(32), name: 'x', protocolVersion: 1 }),
    );
    this.check(
      'registration without enrolment',
      'Identity and signatures',
      stranger.status === 401 && stranger.code === 'KAKOU_E_SYNC_UNKNOWN_NODE',
      `${stranger.status} ${stranger.code}`,
    );
    const registered = await centralCall(this.base, 'POST', 'v1/nodes', reg(1));
    const versions = registered.json?.protocolVersions;
    this.check(
      'registration with an enrolment token',
      'Endpoints',
      registered.status === 201 && Array.isArray(versions) && versions.includes(1),
      `${registered.status} ${JSON.stringify(registered.json)}`,
    );

    // Seqs 1..12: one golden record of every kind, in one batch.
    const kinds = Object.keys(RECORD_KINDS) as RecordKind[];
    for (const kind of kinds)
      this.node.add({ kind, lane: RECORD_KINDS[kind].lane, payload: goldenPayload(kind), createdAtMs: Date.now() });
    const golden = this.node.records.slice();
    const first = await this.send(golden);
    const n = golden.length;
    this.check(
      'golden records of every kind',
      'Record kinds',
      first.status === 200 && first.ack?.accepted.length === n && first.ack.highestContiguousSeq === n,
      `${first.status}, accepted ${first.ack?.accepted.length ?? 0} of ${n}, contiguous ${first.ack?.highestContiguousSeq}`,
    );
    const again = await this.send(golden);
    this.check(
      'a resend after a lost acknowledgement',
      'Receiving a batch',
      again.ack?.accepted.length === n && again.ack.rejected.length === 0,
      `accepted ${again.ack?.accepted.length ?? 0}, rejected ${again.ack?.rejected.length ?? 0}`,
    );

    // Seq n+1 twice in one batch: the first copy counts.
    const a = this.node.add({ id: 'twice', createdAtMs: Date.now() });
    const twin = this.bent(a, { payload: Buffer.from('{"other":1}') });
    const dup = await this.send([a, twin]);
    this.check(
      'one seq twice in a batch',
      'Receiving a batch',
      dup.ack?.accepted.includes(a.seq) === true && dup.ack.rejected.length === 0,
      JSON.stringify(dup.ack),
    );

    // Lanes out of order: n+3 before n+2.
    const b = this.node.add({ createdAtMs: Date.now() });
    const c = this.node.add({
      kind: 'alarm',
      lane: 1,
      payload: goldenPayload('alarm'),
      createdAtMs: Date.now(),
    });
    const later = await this.send([c]);
    const earlier = await this.send([b]);
    this.check(
      'lanes out of order',
      'Retry, backoff and ordering',
      later.ack?.highestContiguousSeq === a.seq && earlier.ack?.highestContiguousSeq === c.seq,
      `contiguous ${later.ack?.highestContiguousSeq} then ${earlier.ack?.highestContiguousSeq}`,
    );

    const conflict = await this.send([this.bent(b, { createdAtMs: b.createdAtMs + 1 })]);
    this.check(
      'a different record under a stored seq',
      'Receiving a batch',
      this.rejected(conflict, b.seq) === 'KAKOU_E_SYNC_CONFLICT',
      JSON.stringify(conflict.ack?.rejected),
    );

    const context: ConformanceContext = {
      node: this.node,
      send: (records) => this.send(records),
      check: (...args) => this.check(...args),
      rebuilt: (r, kind, payload) => this.rebuilt(r, kind, payload),
    };
    await deliveryChecks(context);
    const d = await recordRefusals(context);

    const garbage = await centralCall(this.base, 'POST', 'v1/uplink', Buffer.alloc(64, 0xff));
    this.check(
      'a body that is not a signed batch',
      'Answers to a whole request',
      garbage.status === 400 && garbage.code === 'KAKOU_E_SYNC_BAD_BATCH',
      `${garbage.status} ${garbage.code}`,
    );
    const batch = Batch.encode({
      nodeId: this.nodeId,
      batchSeq: 9,
      sentAtMs: Date.now(),
      records: [d],
      protocolVersion: 1,
    });
    const forged = await centralCall(
      this.base,
      'POST',
      'v1/uplink',
      SignedBatch.encode({ batch, signature: randomBytes(64), keyId: this.node.keyId }),
    );
    this.check(
      'a batch whose signature does not verify',
      'Answers to a whole request',
      forged.status === 401 && forged.code === 'KAKOU_E_SYNC_SIGNATURE',
      `${forged.status} ${forged.code}`,
    );
    const unknown = await this.send([d], { nodeId: `${this.nodeId}-unknown` });
    this.check(
      'a batch from a node the central does not know',
      'Answers to a whole request',
      unknown.status === 401 && unknown.code === 'KAKOU_E_SYNC_UNKNOWN_NODE',
      `${unknown.status} ${unknown.code}`,
    );
    const future = await this.send([d], { protocolVersion: 99 });
    this.check(
      'a batch of an unknown protocol version',
      'Versions and compatibility',
      future.status === 400 && future.code === 'KAKOU_E_SYNC_VERSION',
      `${future.status} ${future.code}`,
    );
    const big = this.rebuilt(
      this.node.add({ createdAtMs: Date.now() }),
      'telemetry',
      JSON.stringify({ pad: 'x'.repeat(65 * 1024 * 1024) }),
    );
    const tooLarge = await postOversized(this.base, this.signedBody([big]));
    this.check(
      'a body larger than the central takes',
      'Limits',
      tooLarge.status === 413 && tooLarge.code === 'KAKOU_E_BODY_TOO_LARGE',
      `${tooLarge.status} ${tooLarge.code}`,
    );

    const wm = await this.signedGet('watermark');
    this.check(
      'the watermark, read with a signed request',
      'Restoring a node',
      wm.status === 200 && wm.json?.contiguousSeq === d.seq && wm.json.highestSeq === d.seq,
      `${wm.status} ${JSON.stringify(wm.json)}`,
    );
    const reviews = await this.signedGet('reviews', '?after=0');
    this.check(
      'reviews, read with a signed request',
      'Reviews: corrections flowing back',
      reviews.status === 200 && Array.isArray(reviews.json?.reviews) && typeof reviews.json?.more === 'boolean',
      `${reviews.status} ${JSON.stringify(reviews.json)}`,
    );
    return this.results;
  }

  /** A read of this node's own resource, signed as sync/README.md says (the signature covers the path, not the query). */
  private signedGet(resource: string, query = '') {
    const path = `/v1/nodes/${encodeURIComponent(this.nodeId)}/${resource}`;
    const at = Date.now();
    return centralCall(this.base, 'GET', `${path.slice(1)}${query}`, undefined, {
      'x-kakou-node': this.nodeId,
      'x-kakou-time': String(at),
      'x-kakou-signature': signBytes(this.node.privateKey, requestMessage(this.nodeId, path, at)).toString('base64'),
    });
  }

  /** The same seq and link with another kind or payload, its digest recomputed (a well-formed record the central must judge). */
  private rebuilt(r: WireRecord, kind: string, payload: string): WireRecord {
    const shadow = new ChainBuilder(this.nodeId, randomBytes(32).toString('hex'));
    const made = shadow.add({ kind, payload: JSON.parse(payload), createdAtMs: r.createdAtMs });
    return {
      ...r,
      kind,
      idempotencyKey: `${this.nodeId}:${kind}:${r.seq}`,
      payload: made.payload,
      payloadSha256: made.payloadSha256,
    };
  }
}
