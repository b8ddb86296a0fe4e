import { describe, expect, it } from 'vitest';
import type { VesselPosition, VesselSighting, VesselStatic } from '../../../src/domain/observation.js';
import { Checkpoint } from '../../../src/tracks/checkpoint.js';
import { noEvents } from '../../support/events.js';
import { TrackStore, type TrackStoreOptions } from '../../../src/tracks/track-store.js';
import type { VesselTrack } from '../../../src/tracks/track.js';
import { DEFAULT_LIMITS } from '../../../src/tracks/vessel-signals.js';

const SITE = { lat: 30.75, lon: 120.75 };
const S = 1000;

function store(opts: Partial<TrackStoreOptions> = {}): TrackStore {
  const checkpoint = new Checkpoint({
    site: SITE,
    gate: [],
    gateRadiusM: 300,
    crossWithinMinutes: 30,
    watchRadiusM: 5000,
    speedZones: [],
  });
  return new TrackStore(
    { staleAfterMs: 900_000, maxTracks: 100, historySize: 8, limits: DEFAULT_LIMITS, checkpoint, ...opts },
    noEvents,
  );
}

const pos = (mmsi: number, at: number): VesselPosition => ({
  kind: 'vessel-position',
  profile: 'ais',
  deviceId: 'gw',
  receivedAt: at,
  aisType: 1,
  mmsi,
  lat: SITE.lat,
  lon: SITE.lon,
  speed: 6,
  course: 0,
  heading: 0,
  turn: 0,
  status: 0,
});
const named = (mmsi: number, at: number, shipname: string, draught?: number): VesselStatic => ({
  kind: 'vessel-static',
  profile: 'ais',
  deviceId: 'gw',
  receivedAt: at,
  aisType: 5,
  mmsi,
  shipname,
  ...(draught !== undefined && { draught }),
});
const seen = (
  at: number,
  who: { mmsi?: number; hullName?: string },
  draughtM: number | null = null,
): VesselSighting => ({
  kind: 'vessel-sighting',
  profile: 'cam',
  deviceId: 'gate-1',
  receivedAt: at,
  station: 'gate-1',
  mmsi: who.mmsi ?? null,
  hullName: who.hullName ?? null,
  draughtM,
  observedAt: at,
  extra: {},
});
const vessels = (s: TrackStore) => [...s.all()].filter((t): t is VesselTrack => t.kind === 'vessel');

describe('vessel sightings by checkpoint devices', () => {
  it('joins a hull-name read to the live AIS vessel broadcasting that name, whatever the spacing and case', () => {
    const s = store();
    s.apply(pos(413000001, 0));
    s.apply(named(413000001, S, 'ZHE JIA XING HUO 0101'));
    s.apply(seen(2 * S, { hullName: 'Zhejiaxinghuo0101' }));
    expect(vessels(s)).toHaveLength(1);
    expect(vessels(s)[0]).toMatchObject({
      id: 'vessel:413000001',
      aisHeard: true,
      sighting: { station: 'gate-1', hullName: 'Zhejiaxinghuo0101' },
    });
  });

  it('finds a Chinese hull name through the register, and keeps the AIS silence timer running', () => {
    const s = store({ resolveName: (name) => (name === '浙嘉兴货0101' ? 413000001 : null) });
    s.apply(pos(413000001, 0));
    s.apply(seen(60 * S, { hullName: '浙嘉兴货0101' }, 3.4));
    const t = s.get('vessel:413000001') as VesselTrack;
    expect(t.sighting).toMatchObject({ hullName: '浙嘉兴货0101', draughtM: 3.4, draughtAt: 60 * S });
    // The camera saw the hull; it did not hear the transponder.
    expect(t.lastSeen).toBe(0);
    // A later camera read without a draught keeps the gauge's measurement.
    s.apply(seen(70 * S, { hullName: '浙嘉兴货0101' }));
    expect(t.sighting).toMatchObject({ draughtM: 3.4, draughtAt: 60 * S, at: 70 * S });
  });

  it('makes a vessel nobody hears on AIS a target of its own, folded into the AIS track once AIS names it', () => {
    const s = store();
    s.apply(seen(0, { hullName: '皖马鞍山货7788' }, 4.1));
    const hull = s.get('vessel:hull:皖马鞍山货7788') as VesselTrack;
    expect(hull).toMatchObject({ mmsi: 0, aisHeard: false, shipname: '皖马鞍山货7788', lastSeen: 0 });
    expect(hull.signals).toEqual({});
    // Staying on the list as long as a vehicle would, though it never sends a position.
    s.sweep(600 * S);
    expect(s.get(hull.id)).toBeDefined();
    s.apply(pos(413999001, 700 * S));
    s.apply(named(413999001, 701 * S, '皖马鞍山货7788'));
    expect(s.get(hull.id)).toBeUndefined();
    expect(s.get('vessel:413999001')).toMatchObject({
      aisHeard: true,
      sighting: { hullName: '皖马鞍山货7788', draughtM: 4.1 },
    });
  });

  it('puts a name nobody goes by on the AIS vessel crossing the line now, and not on one long silent', () => {
    const s = store();
    s.apply(pos(413000003, 0));
    s.apply(named(413000003, S, 'ZHEJIAXINGHUO0109'));
    s.apply(seen(10 * S, { hullName: '浙湖州货0199' }));
    expect(s.get('vessel:413000003')).toMatchObject({ sighting: { hullName: '浙湖州货0199' } });
    s.apply(seen(120 * S, { hullName: '浙湖州货0299' }));
    expect(s.get('vessel:hull:浙湖州货0299')).toMatchObject({ aisHeard: false });
  });

  it('takes the MMSI a gauge matched, and opens a track for it when AIS has not been heard yet', () => {
    const s = store();
    s.apply(seen(0, { mmsi: 413000002, hullName: 'X' }, 5.2));
    expect(s.get('vessel:413000002')).toMatchObject({ mmsi: 413000002, aisHeard: false, sighting: { draughtM: 5.2 } });
    s.apply(pos(413000002, 5 * S));
    expect(s.get('vessel:413000002')).toMatchObject({ aisHeard: true, lastSeen: 5 * S, sighting: { draughtM: 5.2 } });
    expect(vessels(s)).toHaveLength(1);
  });
});
