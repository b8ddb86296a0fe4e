import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { OutboxRepo, OutboxRow } from '../storage/outbox-repo.js';
import { backoffDelay } from '../backoff.js';
import { Batch, PROTOCOL_VERSION, type WireAck, type WireRecord } from './contract.js';
import type { NodeKey } from './node-key.js';
import type { RestoreAnchor } from './restore-anchor.js';
import type { CentralRefill } from './central-refill.js';
import { signBytes } from './signing.js';
import { UplinkError, type UplinkClient } from './uplink-client.js';
import { BatchSizer, isWholeRefusal, settleWholeRefusal } from './batch-sizer.js';

export type WorkerState = 'idle' | 'sending' | 'backoff' | 'stopped';

export interface WorkerOptions {
  nodeId: string;
  nodeName: string;
  /** One-time enrolment token for the first registration, if the central issued one. */
  enrolmentToken?: string;
  /** The site's offset from UTC, stated at registration ("+08:00"): the central counts lateness in its days. */
  utcOffset?: string;
  batchSize: number;
  minBackoffMs: number;
  maxBackoffMs: number;
  probeMs: number;
  telemetryBudgetBytes: number;
}

export interface WorkerStatus {
  state: WorkerState;
  since: number;
  failures: number;
  lastError: string | null;
  /** The catalog code of the central's last refusal (KAKOU_E_SYNC_KEY_CONFLICT, ...), null after a success. */
  lastCode: string | null;
  /** A restored database waiting to learn the central's watermark before it sends anything. */
  restorePending: boolean;
  lastSuccessAt: number | null;
  acked: number;
  deadLettered: number;
  batches: number;
}

export interface WorkerHooks {
  acked(lane: number, n: number): void;
  batch(outcome: 'ok' | 'unreachable' | 'server' | 'refused' | 'protocol'): void;
}

interface PreparedBatch {
  rows: OutboxRow[];
  batchSeq: number;
  bytes: Uint8Array;
  signature: Uint8Array;
}

/** An outbox row as it goes on the wire: the payload's bytes are the ones its digest covers. */
export const toWire = (r: OutboxRow): WireRecord => ({
  seq: r.seq,
  idempotencyKey: r.idempotencyKey,
  kind: r.kind,
  createdAtMs: r.createdAtMs,
  payload: Buffer.from(r.payload, 'utf8'),
  payloadSha256: r.payloadSha256,
  prevHash: r.prevHash,
  clockSuspect: r.clockSuspect,
  evicted: r.evicted,
  lane: r.lane,
  ...(r.retired && { retired: true, retiredReason: r.retiredReason ?? '', recordHash: r.hash }),
});

/**
 * Refusals that sending the same record again can never overcome: its bytes are fixed by the
 * chain. Such a record is retired at once (a tombstone keeps the chain whole at the central and
 * reports the reason); a refusal the central may yet change its mind on waits for an administrator.
 */
export const FINAL_REFUSALS: ReadonlySet<string> = new Set([
  'KAKOU_E_SYNC_PAYLOAD',
  'KAKOU_E_SYNC_DIGEST',
  'KAKOU_E_SYNC_BAD_BATCH',
]);

/**
 * Store and forward: drains the outbox to the central in priority order, deleting rows only when
 * acknowledged. A failure backs off exponentially with jitter, but a probe cuts the wait short as
 * soon as the central answers again, so a backlog drains the moment the link returns.
 */
export class OutboxWorker {
  private readonly st: WorkerStatus;
  private wake: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;
  private registered = false;
  private batchSeq: number;
  private readonly sizer: BatchSizer;

  constructor(
    private readonly repo: OutboxRepo,
    private readonly client: UplinkClient,
    private readonly key: NodeKey,
    private readonly opts: WorkerOptions,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly hooks: WorkerHooks,
    /** A restored database continues its chain after the central's watermark before anything is sent. */
    private readonly restore: RestoreAnchor | null = null,
    /** A central that lost records it had acknowledged gets them again from the delivered archive. */
    private readonly refill: CentralRefill | null = null,
  ) {
    this.st = {
      state: 'stopped',
      since: clock.now(),
      failures: 0,
      lastError: null,
      lastCode: null,
      restorePending: false,
      lastSuccessAt: null,
      acked: 0,
      deadLettered: 0,
      batches: 0,
    };
    this.batchSeq = Number(repo.getState('batch_seq') ?? '0');
    this.sizer = new BatchSizer(opts.batchSize);
  }

  status(): WorkerStatus {
    return { ...this.st, restorePending: this.restore !== null && this.restore.pending() !== null };
  }

  start(): void {
    if (this.loopDone) return;
    this.setState('idle');
    this.loopDone = this.loop();
  }

  /** New records are waiting: end an idle wait now (a backoff wait is ended only by a good probe). */
  kick(): void {
    if (this.st.state === 'idle') this.wake?.();
  }

  async stop(): Promise<void> {
    this.setState('stopped');
    this.wake?.();
    await this.loopDone;
    this.loopDone = null;
  }

  // A method, not an inline comparison: the state changes across awaits, which narrowing cannot see.
  private stopped(): boolean {
    return this.st.state === 'stopped';
  }

  private setState(state: WorkerState): void {
    if (this.st.state === state) return;
    this.st.state = state;
    this.st.since = this.clock.now();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = this.clock.after(ms, done);
      function done() {
        timer.cancel();
        resolve();
      }
      this.wake = done;
    }).finally(() => {
      this.wake = null;
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped()) {
      if (this.opts.telemetryBudgetBytes >= 0) {
        const evicted = this.repo.evictTelemetry(this.opts.telemetryBudgetBytes);
        if (evicted > 0) this.log.warn({ evicted }, 'telemetry evicted to stay within the disk budget');
      }
      if (this.restore?.pending()) {
        this.setState('sending');
        try {
          await this.ensureRegistered();
          await this.restore.settle(this.client, () => this.clock.now());
        } catch (err) {
          if (this.stopped()) break;
          await this.backOff(err);
          continue;
        }
      }
      if (this.refill?.due()) {
        this.setState('sending');
        try {
          await this.ensureRegistered();
          await this.refill.settle(this.client);
        } catch (err) {
          if (this.stopped()) break;
          await this.backOff(err);
          continue;
        }
      }
      const first = this.prepare([]);
      if (first.rows.length === 0) {
        this.setState('idle');
        // Unreachable now: the next check, or the next batch's acknowledgement, will tell.
        await this.refill?.checkIdle(this.client).catch(() => undefined);
        await this.sleep(1000);
        continue;
      }
      this.setState('sending');
      try {
        await this.ensureRegistered();
        await this.pipeline(first);
      } catch (err) {
        if (this.stopped()) break;
        if (!(err instanceof UplinkError && isWholeRefusal(err.status) && err.seqs && this.refusedWhole(err, err.seqs)))
          await this.backOff(err);
      }
    }
  }

  private async ensureRegistered(): Promise<void> {
    if (this.registered) return;
    await this.client.register({
      nodeId: this.opts.nodeId,
      publicKey: this.key.publicRaw,
      name: this.opts.nodeName,
      protocolVersion: PROTOCOL_VERSION,
      ...(this.opts.utcOffset && { utcOffset: this.opts.utcOffset }),
      ...(this.opts.enrolmentToken && { enrolmentToken: this.opts.enrolmentToken }),
    });
    this.registered = true;
  }

  /**
   * Keeps two batches in flight: while the central stores one, the next is already on the wire
   * and this side settles the previous acknowledgement. The central handles one node's batches in
   * order, so acknowledgements come back in order. Returns when the outbox has nothing left to send.
   */
  private async pipeline(first: PreparedBatch): Promise<void> {
    const window: Array<{ batch: PreparedBatch; reply: Promise<WireAck> }> = [];
    const launch = (b: PreparedBatch) => {
      const reply = this.client.send(b.bytes, b.signature, this.key.keyId);
      // Rejections are awaited in order below; this only keeps an early one from being reported as unhandled.
      reply.catch(() => undefined);
      window.push({ batch: b, reply });
    };
    launch(first);
    try {
      // A refill owed goes first: the batches in flight are sent again later if need be.
      while (window.length > 0 && !this.stopped() && !this.refill?.due()) {
        if (window.length < 2) {
          const next = this.prepare(window.flatMap((w) => w.batch.rows.map((r) => r.seq)));
          if (next.rows.length > 0) launch(next);
        }
        const head = window[0] as { batch: PreparedBatch; reply: Promise<WireAck> };
        let ack: WireAck;
        try {
          ack = await head.reply;
        } catch (err) {
          throw err instanceof UplinkError ? err.forBatch(head.batch.rows.map((r) => r.seq)) : err;
        }
        this.settle(head.batch, ack);
        this.sizer.widen();
        window.shift();
        this.st.failures = 0;
        this.st.lastError = null;
        this.st.lastCode = null;
        this.st.lastSuccessAt = this.clock.now();
      }
    } finally {
      // On failure the batches still in flight are left to finish or fail on their own: their rows
      // stay in the outbox until acknowledged, so the next attempt simply sends them again.
      window.length = 0;
    }
  }

  private prepare(inFlight: readonly number[]): PreparedBatch {
    const rows = this.repo.peek(this.sizer.limit, inFlight);
    if (rows.length === 0)
      return { rows, batchSeq: this.batchSeq, bytes: new Uint8Array(), signature: new Uint8Array() };
    const batchSeq = ++this.batchSeq;
    const bytes = Batch.encode({
      nodeId: this.opts.nodeId,
      batchSeq,
      sentAtMs: this.clock.now(),
      records: rows.map(toWire),
      protocolVersion: PROTOCOL_VERSION,
    });
    return { rows, batchSeq, bytes, signature: signBytes(this.key.privateKey, bytes) };
  }

  private settle(batch: PreparedBatch, ack: WireAck): void {
    const { rows } = batch;
    this.st.batches++;
    this.hooks.batch('ok');
    const inBatch = new Map(rows.map((r) => [r.seq, r]));
    const accepted = new Set(ack.accepted.filter((s) => inBatch.has(s)));
    for (const s of inBatch.keys()) if (s <= ack.highestContiguousSeq) accepted.add(s);
    const rejected = ack.rejected.filter((r) => inBatch.has(r.seq));
    for (const rej of rejected) {
      accepted.delete(rej.seq);
      const row = inBatch.get(rej.seq) as OutboxRow;
      if (row.retired) {
        // The central refused even the tombstone: the chain cannot be mended from here.
        this.log.error(
          { seq: rej.seq, code: rej.code, reason: rej.reason },
          'central refused a tombstone; the record waits in the dead-letter list for an administrator',
        );
        this.repo.tombstoneRefused(rej.seq, rej.code, rej.reason, this.clock.now());
        this.st.deadLettered++;
        continue;
      }
      this.repo.deadLetter(rej.seq, rej.code, rej.reason, this.clock.now());
      this.st.deadLettered++;
      const final = FINAL_REFUSALS.has(rej.code);
      if (final) this.repo.retireDeadLetter(rej.seq, `${rej.code}: ${rej.reason}`, this.clock.now());
      this.log.warn(
        { seq: rej.seq, code: rej.code, reason: rej.reason, retired: final },
        final
          ? 'central refused a record for good; kept in the dead-letter list and retired upstream with a tombstone'
          : 'central rejected a record; moved to the dead-letter list',
      );
    }
    // The batch counter is for tracing only, so it is saved with the acknowledgement rather than in a write of its own.
    const { regressedFrom } = this.repo.acknowledge([...accepted], {
      batchSeq: batch.batchSeq,
      centralContiguous: ack.highestContiguousSeq,
      nowMs: this.clock.now(),
    });
    if (regressedFrom !== null) this.refill?.regressed(regressedFrom, ack.highestContiguousSeq);
    const perLane = new Map<number, number>();
    for (const s of accepted) {
      const lane = (inBatch.get(s) as OutboxRow).lane;
      perLane.set(lane, (perLane.get(lane) ?? 0) + 1);
    }
    for (const [lane, n] of perLane) this.hooks.acked(lane, n);
    this.st.acked += accepted.size;
    if (accepted.size + rejected.length < rows.length) {
      this.repo.noteAttempt(
        rows.filter((r) => !accepted.has(r.seq) && !rejected.some((x) => x.seq === r.seq)).map((r) => r.seq),
        'not acknowledged',
      );
    }
  }

  /** A whole batch refused for good (batch-sizer.ts): narrowed, or its lone record given up; false to back off. */
  private refusedWhole(err: UplinkError, seqs: readonly number[]): boolean {
    const outcome = settleWholeRefusal(err, seqs, this.sizer, this.repo, this.clock.now(), this.log);
    if (outcome === 'retry') return false;
    this.hooks.batch('refused');
    if (outcome === 'dead-lettered') this.st.deadLettered++;
    return true;
  }

  private async backOff(err: unknown): Promise<void> {
    const e = err instanceof UplinkError ? err : new UplinkError('protocol', (err as Error).message);
    if (e.status === 401 || e.code === 'KAKOU_E_SYNC_UNKNOWN_NODE') this.registered = false;
    this.hooks.batch(e.kind);
    this.st.failures++;
    if (this.st.lastError !== e.message)
      this.log.warn({ err: e.message, kind: e.kind, failures: this.st.failures }, 'uplink failed; backing off');
    this.st.lastError = e.message;
    this.st.lastCode = e.code ?? null;
    this.setState('backoff');
    const until = this.clock.now() + backoffDelay(this.st.failures - 1, this.opts.minBackoffMs, this.opts.maxBackoffMs);
    while (this.st.state === 'backoff' && this.clock.now() < until) {
      await this.sleep(Math.min(this.opts.probeMs, Math.max(1, until - this.clock.now())));
      // Reset on reconnect: a central that answers again ends the wait at once.
      if (this.st.state === 'backoff' && e.kind === 'unreachable' && (await this.client.probe())) {
        this.log.info('central reachable again; resuming uplink');
        this.st.failures = 0;
        break;
      }
    }
  }
}
