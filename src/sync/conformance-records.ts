import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RECORD_KINDS, type RecordKind } from '../domain/record-kinds.js';
import { PACKAGE_ROOT } from '../paths.js';
import type { ChainBuilder } from './chain-builder.js';
import type { Answer } from './conformance-http.js';
import type { WireRecord } from './contract.js';
import { PAYLOAD_SCHEMAS } from './payload-schemas.js';

/** What the record checks need of the tester: its chain, a signed send, and its check list. */
export interface ConformanceContext {
  node: ChainBuilder;
  send(records: WireRecord[]): Promise<Answer>;
  check(name: string, section: string, ok: boolean, detail: string): void;
  /** The same seq and link with another kind or payload, its digest recomputed. */
  rebuilt(r: WireRecord, kind: string, payload: string): WireRecord;
}

/** The golden payload of a kind, as published in sync/vectors/payloads/. */
export function goldenPayload(kind: RecordKind): Record<string, unknown> {
  const file = join(PACKAGE_ROOT, 'sync', 'vectors', 'payloads', `${kind}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

const rejectedCode = (a: Answer, seq: number) => a.ack?.rejected.find((r) => r.seq === seq)?.code ?? null;

/**
 * Delivery that a careful central gets right and a naive one does not: a batch resent with new
 * records after its acknowledgement was lost (part stored, part new), and an evicted record.
 */
export async function deliveryChecks(ctx: ConformanceContext): Promise<void> {
  const { node } = ctx;
  const first = node.add({ createdAtMs: Date.now() });
  await ctx.send([first]); // its acknowledgement is "lost": the node resends it with what came next
  const second = node.add({ createdAtMs: Date.now() });
  const third = node.add({ kind: 'decision', lane: 1, payload: goldenPayload('decision'), createdAtMs: Date.now() });
  const resent = await ctx.send([first, second, third]);
  ctx.check(
    'a batch resent with new records after a lost acknowledgement',
    'Receiving a batch',
    [first.seq, second.seq, third.seq].every((s) => resent.ack?.accepted.includes(s)) &&
      resent.ack?.rejected.length === 0 &&
      resent.ack.highestContiguousSeq === third.seq,
    JSON.stringify(resent.ack),
  );
  const evicted = node.add({
    kind: 'telemetry',
    lane: RECORD_KINDS.telemetry.lane,
    payload: goldenPayload('telemetry'),
    createdAtMs: Date.now(),
    evicted: true,
  });
  const answer = await ctx.send([evicted]);
  ctx.check(
    'an evicted telemetry record (payload dropped, digest kept)',
    'Records',
    answer.ack?.accepted.includes(evicted.seq) === true && answer.ack.highestContiguousSeq === evicted.seq,
    JSON.stringify(answer.ack),
  );
}

/** The golden payload of a kind less its first required field: invalid for that kind. */
function withoutRequired(kind: RecordKind): { payload: string; field: string } {
  const required = (PAYLOAD_SCHEMAS[kind] as { required?: string[] }).required ?? [];
  const field = required[0] as string;
  const { [field]: _dropped, ...rest } = goldenPayload(kind);
  return { payload: JSON.stringify(rest), field };
}

/**
 * The next seq refused every way a record can be refused (a digest, an invalid payload of every
 * kind, an amendment that names no original, an unknown kind, a wrong link), then retired with a
 * tombstone. Returns the record, now a tombstone at the central.
 */
export async function recordRefusals(ctx: ConformanceContext): Promise<WireRecord> {
  const { node } = ctx;
  const d = node.add({ createdAtMs: Date.now() });
  const invalid = (Object.keys(RECORD_KINDS) as RecordKind[]).map((kind) => {
    const { payload, field } = withoutRequired(kind);
    return [`a ${kind} payload without ${field}`, ctx.rebuilt(d, kind, payload), 'KAKOU_E_SYNC_PAYLOAD'] as const;
  });
  const { amendment: _a, ...amends } = { ...goldenPayload('inspection'), amends: 'x', amendment: 'correction' };
  for (const [name, record, code] of [
    [
      'a payload that does not match its digest',
      { ...d, payload: Buffer.from('{"tampered":true}') },
      'KAKOU_E_SYNC_DIGEST',
    ],
    ...invalid,
    [
      'an inspection amending a record without saying how',
      ctx.rebuilt(d, 'inspection', JSON.stringify(amends)),
      'KAKOU_E_SYNC_PAYLOAD',
    ],
    ['a kind the central does not know', ctx.rebuilt(d, 'weather-report', '{"windMs":12}'), 'KAKOU_E_SYNC_KIND'],
    ['a link to the wrong predecessor', { ...d, prevHash: randomBytes(32) }, 'KAKOU_E_SYNC_CHAIN'],
  ] as const) {
    const answer = await ctx.send([record]);
    ctx.check(name, 'Receiving a batch', rejectedCode(answer, d.seq) === code, JSON.stringify(answer.ack?.rejected));
  }
  const tombstone: WireRecord = {
    ...d,
    retired: true,
    retiredReason: 'conformance: retired',
    recordHash: Buffer.from(node.headHex(), 'hex'),
    payload: Buffer.alloc(0),
  };
  const retired = await ctx.send([tombstone]);
  ctx.check(
    'a tombstone for a record refused for good',
    'Retiring a record',
    retired.ack?.accepted.includes(d.seq) === true && retired.ack.highestContiguousSeq === d.seq,
    JSON.stringify(retired.ack),
  );
  return d;
}
