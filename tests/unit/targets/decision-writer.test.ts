import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import type { Target } from '../../../src/domain/target.js';
import type { DecisionRecord } from '../../../src/storage/decision-repo.js';
import { noEvents } from '../../support/events.js';
import { DecisionWriter } from '../../../src/targets/decision-writer.js';

const target = (i: number) =>
  ({
    id: `vessel:${412000000 + i}`,
    kind: 'vessel',
    name: `MMSI ${412000000 + i}`,
    score: 10,
    tier: 'pass',
    selection: 'none',
    reasons: [],
    draw: { passageId: `S1:vessel:${412000000 + i}`, credit: 0.5, control: 0.5, rate: 0.05, controlRate: 0.02 },
  }) as unknown as Target;

function writer(fail = false) {
  const clock = new ManualClock(Date.parse('2026-11-26T08:00:00Z'));
  const batches: number[] = [];
  const attempts = { n: 0 };
  const w = new DecisionWriter({
    write: (batch: readonly DecisionRecord[]) => {
      attempts.n++;
      if (fail) throw Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' });
      batches.push(batch.length);
    },
    dropped: () => undefined,
    events: noEvents,
    canWrite: () => true,
    describe: { nodeId: 'n1', policy: () => 'kakou-checkpoint@1' },
    clock,
    log: pino({ level: 'silent' }),
  });
  return { w, batches, attempts, clock };
}

describe('DecisionWriter', () => {
  it('sends what the policy found but did not price with the decision, for refitting at the central', () => {
    const payloads: string[] = [];
    const w = new DecisionWriter({
      write: (batch: readonly DecisionRecord[]) => payloads.push(...batch.map((d) => d.payload)),
      dropped: () => undefined,
      events: noEvents,
      canWrite: () => true,
      describe: { nodeId: 'n1', policy: () => 'kakou-checkpoint@1' },
      clock: new ManualClock(Date.parse('2026-11-26T08:00:00Z')),
      log: pino({ level: 'silent' }),
    });
    w.add([{ ...target(1), unpriced: ['CREDIT_GRADE_A', 'PENALTIES_36M*2'] } as Target, target(2)], 'S1', 7, false);
    const [one, two] = payloads.map((p) => JSON.parse(p) as { unpriced?: string[] });
    expect(one?.unpriced).toEqual(['CREDIT_GRADE_A', 'PENALTIES_36M*2']);
    expect(two).not.toHaveProperty('unpriced');
  });

  it('writes a burst of background decisions in batches of at most 2,000 and the rest after its wait', () => {
    const { w, batches, clock } = writer();
    w.add(
      Array.from({ length: 5_000 }, (_, i) => target(i)),
      'S1',
      7,
      true,
    );
    expect(batches).toEqual([2_000, 2_000]);
    expect(w.waiting).toBe(1_000);
    clock.advance(500);
    expect(batches).toEqual([2_000, 2_000, 1_000]);
    expect(w.waiting).toBe(0);
  });

  it('keeps a burst in memory while writes fail, without retrying it at every batch', () => {
    const { w, attempts, clock } = writer(true);
    w.add([target(0)], 'S1', 7, false);
    expect(w.failure).toBe('SQLITE_FULL');
    expect(attempts.n).toBe(1);
    w.add(
      Array.from({ length: 5_000 }, (_, i) => target(i + 1)),
      'S1',
      7,
      true,
    );
    expect(w.waiting).toBe(5_001);
    expect(attempts.n).toBe(1); // the retry waits for its timer
    clock.advance(5_000);
    expect(attempts.n).toBe(2);
    expect(w.waiting).toBe(5_001);
  });
});
