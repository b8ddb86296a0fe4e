import { describe, expect, it } from 'vitest';
import { requireMosquitto } from '../support/broker.js';
import { growth, runSoak } from '../support/soak.js';

/**
 * The short soak (CI): 60 s with an outage every 10 s. The long one is the same test, longer:
 * `npm run soak` (SOAK_SECONDS=3600), which prints a sample line a minute and at every outage.
 */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const OUTAGE_S = Number(process.env.SOAK_OUTAGE_SECONDS ?? 5);

describe.skipIf(!requireMosquitto('the soak'))('soak: broker, central and disk outages under load', () => {
  it(
    'recovers from every outage by itself, shows each while it lasts, and stays flat in memory and descriptors',
    async () => {
      const r = await runSoak(SECONDS, OUTAGE_S, (line) => process.stdout.write(`soak ${line}\n`));
      expect(new Set(r.outagesSeen.map((o) => o.kind))).toEqual(new Set(['broker', 'central', 'disk']));
      expect(
        r.outagesSeen.every((o) => o.seen),
        JSON.stringify(r.outagesSeen),
      ).toBe(true);
      expect(r.recovered).toEqual({ broker: true, sync: true, devices: 40 });
      const fds = growth(r.samples, 'fds');
      const heap = growth(r.samples, 'heapMiB');
      process.stdout.write(
        `soak: ${r.samples.length} samples; fds ${fds.early.toFixed(0)} → ${fds.late.toFixed(0)}, heap ${heap.early.toFixed(0)} → ${heap.late.toFixed(0)} MiB, ` +
          `decode thread heap ${growth(r.samples, 'threadHeapMiB').early.toFixed(0)} → ${growth(r.samples, 'threadHeapMiB').late.toFixed(0)} MiB, ` +
          `RSS ${growth(r.samples, 'rssMiB').early.toFixed(0)} → ${growth(r.samples, 'rssMiB').late.toFixed(0)} MiB; outages seen/all: ` +
          `${(['broker', 'central', 'disk'] as const).map((k) => `${k} ${r.outagesSeen.filter((o) => o.kind === k && o.seen).length}/${r.outagesSeen.filter((o) => o.kind === k).length}`).join(', ')}\n`,
      );
      // Flat: a leak of one descriptor per reconnect, or of the queue, would show over the run.
      expect(fds.late - fds.early).toBeLessThan(15);
      expect(heap.late).toBeLessThan(heap.early * 1.5 + 20);
    },
    (SECONDS + 120) * 1000,
  );
});
