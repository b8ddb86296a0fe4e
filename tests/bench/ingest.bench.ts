import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { nmeaChecksum } from '../../src/normalize/nmea/sentence.js';
import { Normalizer } from '../../src/normalize/normalizer.js';
import { loadProfiles } from '../../src/normalize/profiles/load-profiles.js';
import { DEFAULT_PROFILE_DIR } from '../../src/paths.js';
import { Checkpoint } from '../../src/tracks/checkpoint.js';
import { noEvents } from '../support/events.js';
import { TrackStore } from '../../src/tracks/track-store.js';
import { DEFAULT_LIMITS } from '../../src/tracks/vessel-signals.js';

/**
 * Ingest cost per message, as a ratio against a baseline that does the least any consumer must
 * do with the same bytes: verify the NMEA checksum (AIS) or JSON.parse the payload (hazmat).
 * Ratios, not absolute times, because these machines are shared and noisy.
 */
const lines = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'ais', 'bench-pool.nmea'), 'utf8')
  .split('\n')
  .filter(Boolean);
const aisPayloads = lines.map((l) => Buffer.from(l, 'latin1'));
const hazmatPayloads = Array.from({ length: 2000 }, (_, i) =>
  Buffer.from(
    JSON.stringify({
      plate: `浙F${10000 + i}`,
      time: new Date(1_790_000_000_000 + i * 1000).toISOString(),
      lat: 30752200 + i,
      lon: 120758500 - i,
      speed: 600 + (i % 100),
      direction: i % 360,
      alarm: i % 17 === 0 ? 2 : 0,
      status: 3,
      dsm: i % 23 === 0 ? ['phone'] : [],
      mileage: 10000 + i,
    }),
  ),
);

const profiles = loadProfiles(DEFAULT_PROFILE_DIR);
const normalizer = new Normalizer(profiles, systemClock);
const checkpoint = new Checkpoint({
  site: { lat: 30.75, lon: 120.75 },
  gate: [],
  gateRadiusM: 300,
  crossWithinMinutes: 30,
  watchRadiusM: 10_000,
  speedZones: [],
});
const tracks = new TrackStore(
  { staleAfterMs: 3_600_000, maxTracks: 100_000, historySize: 64, limits: DEFAULT_LIMITS, checkpoint },
  noEvents,
);

/** Prints a comparison as a ratio against its baseline, as the bench README records it. */
function report(what: string, baseline: { throughput: { mean: number } }, kakou: { throughput: { mean: number } }) {
  const ratio = baseline.throughput.mean / kakou.throughput.mean;
  process.stdout.write(`\ningest ${what}: kakou takes ${ratio.toFixed(1)}x the time of its baseline per batch\n`);
}

describe('ingest against a bare parse of the same messages', () => {
  test(`AIS: ${aisPayloads.length} sentences per iteration`, async ({ bench }) => {
    const r = await bench.compare(
      bench('baseline: checksum only', () => {
        for (const p of aisPayloads) {
          const s = p.toString('latin1');
          nmeaChecksum(s.slice(1, s.indexOf('*')));
        }
      }),
      bench('kakou: normalize and update tracks', () => {
        for (const p of aisPayloads)
          for (const o of normalizer.normalize({ form: 'message', topic: 'kakou/ais/gw1/nmea', payload: p })
            .observations)
            tracks.apply(o);
      }),
    );
    report('AIS', r.get('baseline: checksum only'), r.get('kakou: normalize and update tracks'));
  }, 600_000);

  test(`hazmat JSON: ${hazmatPayloads.length} messages per iteration`, async ({ bench }) => {
    const topic = 'kakou/hazmat/013800000101/location';
    const r = await bench.compare(
      bench('baseline: JSON.parse only', () => {
        for (const p of hazmatPayloads) JSON.parse(p.toString('utf8'));
      }),
      bench('kakou: normalize and update tracks', () => {
        for (const p of hazmatPayloads)
          for (const o of normalizer.normalize({ form: 'message', topic, payload: p }).observations) tracks.apply(o);
      }),
    );
    report('hazmat JSON', r.get('baseline: JSON.parse only'), r.get('kakou: normalize and update tracks'));
  }, 600_000);
});
