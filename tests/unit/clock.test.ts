import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ClockWatch } from '../../src/clock.js';
import { Storage } from '../../src/storage/storage.js';

describe('clock safety', () => {
  it('flags a wall-clock step that the monotonic clock did not make', () => {
    let mono = 0;
    const w = new ClockWatch(() => mono);
    expect(w.jumped(1_000_000)).toBe(false);
    mono += 5_000;
    expect(w.jumped(1_005_000)).toBe(false);
    mono += 5_000;
    expect(w.jumped(1_010_000 + 3_600_000)).toBe(true); // NTP stepped an hour forward
    mono += 1_000;
    expect(w.jumped(1_010_000 + 3_601_000)).toBe(false);
  });

  it('flags a record whose wall time runs backwards, even across restarts, and orders by sequence only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kakou-clock-'));
    const row = (i: number, createdAtMs: number) => ({
      kind: 'alarm',
      idempotencyKey: `n:alarm:${i}`,
      lane: 1 as const,
      payload: '{}',
      createdAtMs,
    });
    const a = new Storage(dir, 1000, pino({ level: 'silent' }));
    a.outbox.append(row(1, 2_000_000_000_000));
    a.close();
    const b = new Storage(dir, 1000, pino({ level: 'silent' }));
    b.outbox.append(row(2, 1_000_000_000_000)); // booted with a dead RTC: 2001
    b.outbox.append(row(3, 2_000_000_000_030));
    expect(b.outbox.peek(10).map((r) => [r.seq, r.clockSuspect])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    b.close();
  });
});
