import { monthDayTime, u, type AppLayout, type AppScalar, type FieldRead } from './application-fields.js';

/*
 * IMO messages with repeated groups (DAC 1): tidal windows (SN.1/Circ.236 and 289) and route
 * information (289). A group is decoded only when the message holds it whole: gpsd 3.22 also
 * prints a group that starts at the message's last bit, and as many waypoints as the count says
 * whether the message holds them or not, all read as zero bits (README, "Agreement with gpsd").
 */

type Group = Record<string, AppScalar>;
const at = (n: number, na: number, scale: number): AppScalar => (n === na ? null : n / scale);

/** Groups of `size` bits from `start`, at most `max`, each read by `read` at its first bit. */
function groups(start: number, size: number, read: (b: Parameters<FieldRead>[0], a: number) => Group, max = 64) {
  return ((b) => {
    const out: Group[] = [];
    for (let a = start; a + size <= b.length && out.length < max; a += size) out.push(read(b, a));
    return out;
  }) satisfies FieldRead;
}

/** Tidal window, SN.1/Circ.236: positions in 1/10,000 minute, current speed in 0.1 knot. */
const TIDAL_236: AppLayout = {
  type: 6,
  dacs: [1],
  fid: 14,
  name: 'tidal window (IMO 236)',
  fields: [
    ['month', u(88, 4)],
    ['day', u(92, 5)],
    [
      'tidals',
      // Latitude first on the air; printed longitude first, as gpsd prints every position.
      groups(97, 93, (b, a) => ({
        lon: at(b.int(a + 27, 28), 181 * 600_000, 600_000),
        lat: at(b.int(a, 27), 91 * 600_000, 600_000),
        from_hour: b.uint(a + 55, 5),
        from_min: b.uint(a + 60, 6),
        to_hour: b.uint(a + 66, 5),
        to_min: b.uint(a + 71, 6),
        cdir: at(b.uint(a + 77, 9), 360, 1),
        cspeed: at(b.uint(a + 86, 7), 127, 10),
      })),
    ],
  ],
};

/** Tidal window, SN.1/Circ.289: positions in 1/1,000 minute, current speed in 0.1 knot. */
const TIDAL_289: AppLayout = {
  type: 6,
  dacs: [1],
  fid: 32,
  name: 'tidal window (IMO 289)',
  fields: [
    ['month', u(88, 4)],
    ['day', u(92, 5)],
    [
      'tidals',
      groups(97, 88, (b, a) => ({
        lon: at(b.int(a, 25), 181 * 60_000, 60_000),
        lat: at(b.int(a + 25, 24), 91 * 60_000, 60_000),
        from_hour: b.uint(a + 49, 5),
        from_min: b.uint(a + 54, 6),
        to_hour: b.uint(a + 60, 5),
        to_min: b.uint(a + 65, 6),
        cdir: at(b.uint(a + 71, 9), 360, 1),
        cspeed: at(b.uint(a + 80, 8), 255, 10),
      })),
    ],
  ],
};

/** Route information (SN.1/Circ.289): the fields after the header start at `h` (56 broadcast, 88 addressed). */
function route(type: 6 | 8, fid: number): AppLayout {
  const h = type === 8 ? 56 : 88;
  const waypoints: FieldRead = (b) =>
    groups(
      h + 61,
      55,
      (bits, a) => ({
        lon: at(bits.int(a, 28), 181 * 600_000, 600_000),
        lat: at(bits.int(a + 28, 27), 91 * 600_000, 600_000),
      }),
      b.uint(h + 56, 5),
    )(b);
  return {
    type,
    dacs: [1],
    fid,
    name: `route information, ${type === 8 ? 'broadcast' : 'addressed'} (IMO 289)`,
    fields: [
      ['linkage', u(h, 10)],
      ['sender', u(h + 10, 3)],
      ['rtype', u(h + 13, 5)],
      ['start', monthDayTime(h + 18)],
      ['duration', u(h + 38, 18)],
      ['waycount', u(h + 56, 5)],
      ['waypoints', waypoints],
    ],
  };
}

/**
 * The 42-bit identifier field holding an MMSI or IMO number, as a decimal string as gpsd prints
 * it: its low 32 bits, which hold every valid MMSI and IMO number (gpsd reads no more).
 */
const id42 = (b: Parameters<FieldRead>[0], a: number) => String(b.uint(a + 10, 32));
const ID_KEYS = ['mmsi', 'imo', 'callsign', 'other'] as const;

/** VTS-generated or synthetic targets (SN.1/Circ.289): each target's identity, position and motion. */
const VTS_TARGETS: AppLayout = {
  type: 8,
  dacs: [1],
  fid: 17,
  name: 'VTS-generated targets (IMO 289)',
  fields: [
    [
      'targets',
      groups(56, 122, (b, a) => {
        const idtype = b.uint(a, 2);
        return {
          idtype,
          [ID_KEYS[idtype] as string]: idtype < 2 ? id42(b, a + 2) : b.text(a + 2, 7),
          lat: at(b.int(a + 48, 24), 91 * 60_000, 60_000),
          lon: at(b.int(a + 72, 25), 181 * 60_000, 60_000),
          course: b.uint(a + 97, 9),
          second: b.uint(a + 106, 6),
          speed: b.uint(a + 112, 10),
        };
      }),
    ],
  ],
};

export const IMO_ROUTE_LAYOUTS: readonly AppLayout[] = [TIDAL_236, TIDAL_289, route(8, 27), route(6, 28), VTS_TARGETS];
