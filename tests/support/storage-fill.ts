import type { KakouApp } from '../../src/app.js';

/** Grows the database with filler decisions until the cap refuses a write: a full disk, on demand. */
export function fillToCap(app: KakouApp, tag: string): number {
  app.storage.maintenance.setMaxBytes(1);
  let n = 0;
  // Large rows first, then ever smaller ones, until not even a small row finds room in a page.
  const untilFull = (write: () => void) => {
    try {
      for (;;) write();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_FULL') throw err;
    }
  };
  for (const size of [8000, 1000, 100, 10]) {
    untilFull(() =>
      app.storage.decisions.record({
        passageId: `${tag}-${n++}`,
        shiftId: 'filler',
        tier: 'pass',
        decidedAtMs: Date.now(),
        payload: 'x'.repeat(size),
      }),
    );
  }
  // A decision and its outbox row are written together: the outbox's own last page may still
  // have room when the decisions' had none. Fill it alone too, so no record finds a place.
  for (const size of [1000, 100, 10]) {
    untilFull(() =>
      app.storage.outbox.append({
        kind: 'telemetry',
        idempotencyKey: `${tag}:filler:${n++}`,
        lane: 2,
        payload: JSON.stringify({ filler: 'x'.repeat(size) }),
        createdAtMs: Date.now(),
      }),
    );
  }
  return n;
}
