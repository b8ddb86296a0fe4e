import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Target } from '../../src/domain/target.js';
import { ManualClock } from '../../src/clock.js';
import { EventBus } from '../../src/events.js';
import { InspectionHistory } from '../../src/inspections/inspection-history.js';
import { InspectionService } from '../../src/inspections/inspection-service.js';
import { Storage } from '../../src/storage/storage.js';

const log = pino({ level: 'silent' });
const T0 = Date.parse('2026-11-20T08:00:00Z');
const DAY = 86_400_000;
/** The reasons the target carried when inspected, which every answer repeats. */
const CODES = { reasonsAtLastInspection: ['LIST_KEY_ATTENTION'] };

describe('local inspection history for scoring', () => {
  let dir = '';
  let storage: Storage | null = null;
  afterEach(() => {
    storage?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers when a target was last inspected and last found clean, and follows new records', () => {
    dir = mkdtempSync(join(tmpdir(), 'kakou-history-'));
    storage = new Storage(dir, 1000, log);
    const clock = new ManualClock(T0);
    const get = (id: string) =>
      ({
        id,
        kind: 'vessel',
        name: id,
        tier: 'may-inspect',
        score: 40,
        reasons: [{ code: 'LIST_KEY_ATTENTION' }],
      }) as Target;
    const events = new EventBus(log);
    const service = new InspectionService(storage.inspections, 'node-1', { get }, clock, log, events);
    const history = new InspectionHistory(storage.inspections);
    events.on('inspection-recorded', 'history', (r) => history.recorded(r));
    const record = (targetId: string, result: 'no-defects' | 'defects-found') =>
      service.record({
        targetId,
        officer: 'o1',
        result,
        action: 'release',
        defects: result === 'defects-found' ? [{ code: 'H-TANK-01', note: 'leak' }] : [],
      });

    expect(history.lastFor('vessel:1')).toEqual({});
    expect(history.lastFor('vessel:2')).toEqual({});
    record('vessel:1', 'no-defects');
    expect(history.lastFor('vessel:1')).toEqual({ ...CODES, lastInspectionAt: T0, lastCleanInspectionAt: T0 });
    clock.set(T0 + DAY);
    record('vessel:1', 'defects-found');
    expect(history.lastFor('vessel:1')).toEqual({ ...CODES, lastInspectionAt: T0 + DAY, lastCleanInspectionAt: T0 });
    clock.set(T0 + 2 * DAY);
    record('vessel:2', 'defects-found');
    expect(history.lastFor('vessel:2')).toEqual({ ...CODES, lastInspectionAt: T0 + 2 * DAY });
    // Another target's record leaves this one's answer as it was.
    expect(history.lastFor('vessel:1')).toEqual({ ...CODES, lastInspectionAt: T0 + DAY, lastCleanInspectionAt: T0 });
    // After a restart the records on disk answer, for the targets that have any.
    const restarted = new InspectionHistory(storage.inspections);
    expect(restarted.lastFor('vessel:1')).toEqual({ ...CODES, lastInspectionAt: T0 + DAY, lastCleanInspectionAt: T0 });
    expect(restarted.lastFor('vessel:2')).toEqual({ ...CODES, lastInspectionAt: T0 + 2 * DAY });
    expect(restarted.lastFor('vessel:3')).toEqual({});
  });
});
