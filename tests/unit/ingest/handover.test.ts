import { readFileSync } from 'node:fs';
import { inspect, isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/clock.js';
import type { VehicleReport } from '../../../src/domain/observation.js';
import { HandoverPacker, type PackedBatch } from '../../../src/ingest/handover-pack.js';
import { unpackHandover } from '../../../src/ingest/handover-unpack.js';
import { Normalizer } from '../../../src/normalize/normalizer.js';
import type { NormalizeResult } from '../../../src/normalize/result.js';
import { loadProfiles } from '../../../src/normalize/profiles/load-profiles.js';
import { DEFAULT_PROFILE_DIR } from '../../../src/paths.js';
import { aisCorpus } from '../../support/ais-corpus.js';
import { fuzzMessages } from '../../support/payload-fuzz.js';
// @ts-expect-error the bench's traffic generator is plain JavaScript
import { traffic } from '../../bench/e2e/traffic.mjs';

type Message = [topic: string, result: NormalizeResult];

/**
 * Each message as it would arrive by structured clone, by Node's deep strict equality (prototypes,
 * own fields, -0 and NaN told apart): the fuzzer's hostile keys (an own `constructor`) confuse vitest's.
 */
function expectSame(got: Message[], sent: Message[]): void {
  const want = structuredClone(sent);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!isDeepStrictEqual(got[i], want[i]))
      expect.fail(`message ${i}: got ${inspect(got[i], { depth: 9 })}, sent ${inspect(want[i], { depth: 9 })}`);
  }
}

/** Packs messages in batches as the decode thread does, sends each as postMessage would (numbers transferred), and unpacks them. */
function roundTrip(messages: Message[], batchSize = 1024): { out: Message[]; packed: number } {
  const packer = new HandoverPacker();
  const out: Message[] = [];
  let packed = 0;
  const send = () => {
    const batch = packer.take();
    packed += batch.count - batch.cloned.length;
    const crossed = structuredClone(batch, { transfer: [batch.numbers.buffer as ArrayBuffer] }) as PackedBatch;
    expect(batch.numbers.byteLength).toBe(0); // moved, not copied
    unpackHandover(crossed, (topic, result) => out.push([topic, result]));
  };
  for (const [topic, result] of messages) {
    packer.add(topic, result);
    if (packer.size === batchSize) send();
  }
  if (packer.size > 0) send();
  return { out, packed };
}

function normalized(inputs: Iterable<[string, Buffer]>): Message[] {
  const n = new Normalizer(loadProfiles(DEFAULT_PROFILE_DIR), systemClock);
  const out: Message[] = [];
  for (const [topic, payload] of inputs) {
    const result = n.normalize({ form: 'message', topic: topic, payload: payload });
    delete result.commands; // the decode thread publishes these itself
    out.push([topic, result]);
  }
  return out;
}

const report = (extra: Record<string, unknown>, more: Partial<VehicleReport> = {}): NormalizeResult => ({
  profile: 'hazmat-terminal-json',
  deviceId: '013900000001',
  drops: [],
  fieldRejects: [],
  observations: [
    {
      kind: 'vehicle-report',
      profile: 'hazmat-terminal-json',
      deviceId: '013900000001',
      receivedAt: 1,
      terminalId: '013900000001',
      station: null,
      plate: '浙B10001',
      lat: 30.1,
      lon: 120.2,
      speed: null,
      heading: 0,
      observedAt: 2,
      grossKg: null,
      alarms: ['overspeed'],
      extra,
      ...more,
    },
  ],
});

describe('decode thread hand-over', () => {
  it('carries what the normalizer makes of the bench traffic and the AIS corpus unchanged, almost all of it packed', () => {
    const next = (traffic as () => () => [string, string])();
    const bench = Array.from({ length: 20_000 }, () => next()).map(([t, p]): [string, Buffer] => [t, Buffer.from(p)]);
    const ais = aisCorpus()
      .flatMap((f) => readFileSync(f, 'latin1').split('\n').slice(0, 3000))
      .map((line): [string, Buffer] => ['kakou/ais/gw-1/nmea', Buffer.from(line, 'latin1')]);
    const messages = normalized([...bench, ...ais]);
    const { out } = roundTrip(messages);
    expectSame(out, messages);
    expect(messages.filter(([, r]) => r.observations.some((o) => o.kind === 'vessel-static')).length).toBeGreaterThan(
      1000,
    );
    // Every message with nothing to report crosses packed.
    const clean = messages.filter(([, r]) => r.drops.length === 0 && r.fieldRejects.length === 0);
    expect(clean.length).toBeGreaterThan(bench.length * 0.95);
    expect(roundTrip(clean).packed).toBe(clean.length);
  });

  it('carries fuzzed device messages of every payload kind unchanged, packed or cloned', () => {
    const messages = normalized([...fuzzMessages(20_000, 7)].map((m): [string, Buffer] => [m.topic, m.payload]));
    const { out, packed } = roundTrip(messages, 257);
    expectSame(out, messages);
    expect(packed).toBeGreaterThan(1000);
    expect(packed).toBeLessThan(messages.length);
  });

  it('clones, in its place, a result it cannot pack as it is', () => {
    const unpackable: NormalizeResult[] = [
      report({ odometer: 2n ** 63n - 1n }),
      report({ raw: new Uint8Array([1, 2]) }),
      report({ nested: { a: [1] } }),
      report({ gas: NaN }),
      report({}, { lat: NaN }),
      report({ ['__proto__']: null }),
      report({ missing: undefined }),
      { ...report({}), drops: [{ code: 'KAKOU_E_INGEST_PAYLOAD', detail: 'x' }] },
      { ...report({}), fieldRejects: [{ field: 'speed', value: -1 }] },
      {
        profile: 'tank-gateway-sparkplug',
        deviceId: 'n1',
        observations: [],
        drops: [],
        fieldRejects: [],
        offline: ['n1/d1'],
      },
      {
        profile: null,
        deviceId: null,
        observations: [],
        drops: [{ code: 'KAKOU_E_INGEST_UNKNOWN_TOPIC', detail: 't' }],
        fieldRejects: [],
      },
    ];
    const plain = report(
      { a: 1, b: 'x', c: true, d: false, e: null, f: -0, g: Infinity },
      { driver: { idHash: 'ab', masked: '3301**********0011' }, livenessMs: 90_000 },
    );
    const messages = [plain, ...unpackable, plain].map((r, i): Message => [`t/${i}`, r]);
    const packer = new HandoverPacker();
    for (const [t, r] of messages) packer.add(t, r);
    const batch = packer.take();
    expect(batch.cloned).toEqual(unpackable);
    const out: Message[] = [];
    unpackHandover(structuredClone(batch), (t, r) => out.push([t, r]));
    expectSame(out, messages);
    expect(Object.is((out[0]?.[1].observations[0] as VehicleReport).extra.f, -0)).toBe(true);
  });

  it('starts each batch afresh', () => {
    const packer = new HandoverPacker();
    packer.add('a', report({ k: 'v' }));
    const first = packer.take();
    expect([first.count, packer.size]).toEqual([1, 0]);
    packer.add('b', report({}));
    const second = packer.take();
    expect(second.strings).not.toContain('a');
    const out: Message[] = [];
    unpackHandover(second, (t, r) => out.push([t, r]));
    expectSame(out, [['b', report({})]]);
  });
});
