import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ClockWatch, ManualClock, sleep } from '../../src/clock.js';
import { Storage } from '../../src/storage/storage.js';

describe('manual clock', () => {
  it('fires timers in time order as time passes them, each at its own time, intervals repeatedly', () => {
    const clock = new ManualClock(1_000);
    const fired: string[] = [];
    clock.after(300, () => fired.push(`late@${clock.now()}`));
    clock.after(100, () => fired.push(`early@${clock.now()}`));
    const tick = clock.every(150, () => fired.push(`tick@${clock.now()}`));
    clock.advance(99);
    expect(fired).toEqual([]);
    clock.advance(250);
    expect(fired).toEqual(['early@1100', 'tick@1150', 'late@1300', 'tick@1300']);
    tick.cancel();
    clock.advance(1_000);
    expect(fired).toHaveLength(4);
    expect(clock.now()).toBe(2_349);
    expect(clock.pending).toBe(0);
  });

  it('fires what a timer schedules on the way, and nothing on a step backwards', () => {
    const clock = new ManualClock(0);
    const fired: number[] = [];
    clock.after(10, () => clock.after(10, () => fired.push(clock.now())));
    clock.advance(25);
    expect(fired).toEqual([20]);
    const t = clock.after(5, () => fired.push(-1));
    clock.set(0); // a wall-clock step back fires nothing
    expect(fired).toEqual([20]);
    t.cancel();
  });

  it('sleeps on the clock, and wakes early when aborted', async () => {
    const clock = new ManualClock(0);
    let woke = false;
    const slept = sleep(clock, 1_000).then(() => (woke = true));
    await clock.advanceAsync(999);
    expect(woke).toBe(false);
    await clock.advanceAsync(1);
    await slept;
    expect(woke).toBe(true);
    const abort = new AbortController();
    const aborted = sleep(clock, 60_000, abort.signal);
    abort.abort();
    await aborted;
    expect(clock.pending).toBe(0);
  });
});

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
