import type { KakouApp } from '../../src/app.js';

/** Grows the database with filler decisions until the cap refuses a write: a full disk, on demand. */
export function fillToCap(app: KakouApp, tag: string): number {
  app.storage.maintenance.setMaxBytes(1);
  let n = 0;
  // Large rows first, then ever smaller ones, until not even a small row finds room in a page.
  for (const size of [8000, 1000, 100, 10]) {
    try {
      for (;;)
        app.storage.decisions.record({
          passageId: `${tag}-${n++}`,
          shiftId: 'filler',
          tier: 'pass',
          decidedAtMs: Date.now(),
          payload: 'x'.repeat(size),
        });
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_FULL') throw err;
    }
  }
  return n;
}
