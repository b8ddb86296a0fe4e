import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/clock.js';
import { Storage } from '../../../src/storage/storage.js';
import { PassageBook } from '../../../src/targets/passage-book.js';
import { targetOfPassage } from '../../../src/targets/passage-id.js';
import type { Track } from '../../../src/tracks/track.js';
import { noEvents } from '../../support/events.js';

const log = pino({ level: 'silent' });
const SHIFT = { id: '2026-12-03T08', seed: 'ab'.repeat(32) };
const FAR = { distanceM: 5000, etaS: null };

let storage: Storage | null = null;
afterEach(() => {
  storage?.close();
  storage = null;
});

function book(clock: ManualClock): PassageBook {
  storage ??= new Storage(':memory:', 1000, log, 'node-1');
  const s = storage;
  return new PassageBook({
    ...{ repo: s.passages, nodeId: 'node-1', clock, events: noEvents, log, rearmM: 500 },
    ...{ decided: s.decisions, resumeWithinMs: 900_000 },
    seedOf: (id) => (id === SHIFT.id ? SHIFT.seed : null),
  });
}

const track = (id: string, extra: Partial<Track> = {}) =>
  ({ id, kind: 'vehicle', lostAt: null, crossedAt: null, lastSeen: 0, ...extra }) as Track;
const records = () => (storage as Storage).outbox.peek(1000).filter((r) => r.kind === 'passage');

describe('passages', () => {
  it('names the target in each passage id, whatever the target id holds', () => {
    expect(targetOfPassage('2026-12-03T08:vehicle:浙F3A103:1764748800000')).toBe('vehicle:浙F3A103');
    expect(targetOfPassage('2026-12-03T08:vessel:hull:ZHEJIA:17')).toBe('vessel:hull:ZHEJIA');
    expect(targetOfPassage('nonsense')).toBeNull();
    expect(targetOfPassage('S:t:notanumber')).toBeNull();
  });

  it('ends a passage nobody called when its target is lost, recording it only when it was selected', () => {
    const clock = new ManualClock(1_000_000);
    const passages = book(clock);
    const quiet = passages.current(track('vehicle:A'), clock.now(), SHIFT, FAR);
    passages.settle(quiet, track('vehicle:A'), 'pass', 'A');
    const flagged = passages.current(track('vehicle:B'), clock.now(), SHIFT, FAR);
    passages.settle(flagged, track('vehicle:B'), 'may-inspect', 'B');
    passages.removed('vehicle:A', clock.now());
    passages.removed('vehicle:B', clock.now());
    passages.flush();
    expect(quiet).toMatchObject({ status: 'passed', closedBy: 'lost' });
    expect(flagged).toMatchObject({ status: 'passed', closedBy: 'lost' });
    expect(records().map((r) => JSON.parse(r.payload).targetId)).toEqual(['vehicle:B']);
  });

  it('resumes a called passage after a restart, with its draw seed, and keeps it when its target goes quiet', () => {
    const clock = new ManualClock(2_000_000);
    const before = book(clock);
    const p = before.current(track('vehicle:C'), clock.now(), SHIFT, FAR);
    before.settle(p, track('vehicle:C'), 'must-inspect', 'C');
    before.call(p.id, 'officer1');
    before.start(p.id, 'officer1');

    clock.set(2_600_000);
    const after = book(clock); // the same database, a new node process
    expect(after.list('inspecting', 0, 10).map((x) => x.id)).toEqual([p.id]);
    const resumed = after.current(track('vehicle:C', { lastSeen: clock.now() }), clock.now(), SHIFT, FAR);
    expect(resumed).toMatchObject({ id: p.id, status: 'inspecting', called: { by: 'officer1' } });
    expect(after.seedOf(resumed)).toBe(SHIFT.seed);
    after.removed('vehicle:C', clock.now());
    expect(after.get(p.id)?.status).toBe('inspecting');
    after.inspected('vehicle:C', undefined, 'rec-1', clock.now());
    expect(after.get(p.id)).toMatchObject({ status: 'inspected', inspectionId: 'rec-1', closedBy: 'inspection' });
    expect(records().map((r) => JSON.parse(r.payload))).toEqual([
      expect.objectContaining({ passageId: p.id, status: 'inspected', calledBy: 'officer1' }),
    ]);
  });

  it('opens a new passage when a lost target is heard again', () => {
    const clock = new ManualClock(3_000_000);
    const passages = book(clock);
    const first = passages.current(track('vessel:1'), clock.now(), SHIFT, FAR);
    passages.settle(first, track('vessel:1', { lostAt: clock.now() }), 'pass', 'V');
    expect(first.status).toBe('passed');
    clock.set(3_100_000);
    const heard = track('vessel:1', { lastSeen: clock.now() });
    const second = passages.current(heard, clock.now(), SHIFT, FAR);
    expect(second.id).not.toBe(first.id);
    expect(second.status).toBe('approaching');
  });
});
