import { LocalFrame } from '../domain/geo.js';
import { encodeClassA, encodeClassB, encodeClassBStaticA, encodeStatic, toSentences } from './ais-encoder.js';
import { encodeInlandStatic } from './ais-binary-encoder.js';
import type { DemoVessel } from './fleet.js';
import { Route } from './route.js';

const KNOT = 1852 / 3600;
/** The demo checkpoint's speed limit (route.ts); speeding vessels start inside the zone. */
const SPEED_LIMIT_KN = 8;

interface Mover {
  unit: DemoVessel;
  /** Metres along the route from the checkpoint (negative = before it). */
  s: number;
  dir: 1 | -1;
  /** m/s */
  speed: number;
  lateral: number;
  phase: number;
  /** A second transmitter broadcasting the unit's MMSI elsewhere on the route. */
  clone?: boolean;
}

/**
 * The demo's vessels sailing the waterway past the checkpoint, broadcasting AIS as real ones do,
 * misbehaviour included: one goes silent on its approach, one's position jumps now and then, one
 * shares its MMSI with a clone, one changes the name it broadcasts.
 */
export class VesselTraffic {
  private readonly movers: Mover[];
  private readonly frame: LocalFrame;
  private seq = 0;
  /** Vessels that crossed the checkpoint line in the last step, for the hull-name camera. */
  crossed: DemoVessel[] = [];

  constructor(
    site: { lat: number; lon: number },
    vessels: readonly DemoVessel[],
    r: () => number,
    private readonly route = new Route(),
  ) {
    this.frame = new LocalFrame(site.lat, site.lon);
    this.movers = vessels.flatMap((unit, i): Mover[] => {
      const m: Mover = {
        unit,
        s: -6000 + r() * 12_000,
        dir: i % 3 === 0 ? -1 : 1,
        speed: (unit.speedKn ?? 4 + r() * 3.5) * KNOT,
        lateral: (r() - 0.5) * 80,
        phase: i,
      };
      // Scripted vessels start where their behaviour shows within the first minutes of a demo.
      if (unit.behaviour === 'dark-on-approach') Object.assign(m, { s: -2200, dir: 1 });
      if (unit.speedKn && unit.speedKn > SPEED_LIMIT_KN) Object.assign(m, { s: -1300, dir: 1 });
      if (unit.hullName || unit.noAis) Object.assign(m, { s: unit.noAis ? -40 : -90, dir: 1 });
      // A black-listed vessel reaches the line within the first minute or so: called in time it is
      // inspected, otherwise its passage is recorded as missed.
      if (unit.list?.list === 'black') Object.assign(m, { s: -200, dir: 1 });
      if (unit.behaviour !== 'cloned') return [m];
      return [m, { ...m, s: m.s > 0 ? m.s - 7000 : m.s + 7000, dir: m.dir === 1 ? -1 : 1, phase: i + 1, clone: true }];
    });
  }

  /** Advances every vessel by dt seconds and returns the AIS sentences of this tick, one string per message. */
  step(tick: number, dt: number): string[] {
    const out: string[] = [];
    this.crossed = [];
    for (const m of this.movers) {
      const before = m.s;
      m.s += m.dir * m.speed * dt;
      if (Math.sign(before) !== Math.sign(m.s) && !m.clone) this.crossed.push(m.unit);
      if (m.s > this.route.end - 100 || m.s < this.route.start + 100) m.dir = m.s > 0 ? -1 : 1;
      if ((tick + m.phase) % 2 !== 0 || this.silent(m)) continue;
      const p = this.route.at(m.s, m.lateral * m.dir);
      const fix = this.frame.toLatLon({ x: p.east, y: p.north });
      const lon = fix.lon;
      // Now and then a spoofed fix 22 km north.
      const lat =
        m.unit.behaviour === 'position-glitch' && (tick % 120 === 5 || tick % 120 === 6) ? fix.lat + 0.2 : fix.lat;
      const course = (p.bearing + (m.dir === 1 ? 0 : 180)) % 360;
      const input = {
        mmsi: m.unit.mmsi,
        lat,
        lon,
        speed: m.speed / KNOT,
        course,
        heading: Math.round(course),
        turn: 0,
        second: new Date().getUTCSeconds(),
      };
      const payload = m.unit.classB ? encodeClassB(input) : encodeClassA(input);
      out.push(toSentences(payload, 0, 0, m.phase % 2 ? 'A' : 'B').join('\r\n'));
    }
    return out;
  }

  /** Static and voyage data, every 30 ticks as class A units send it every six minutes (scaled for a demo). */
  statics(tick: number): string[] {
    const out: string[] = [];
    for (const m of this.movers) {
      const v = m.unit;
      const swap = v.behaviour === 'identity-swap' && tick % 30 === 4;
      if (m.clone || this.silent(m) || (tick % 30 !== 0 && !swap)) continue;
      const name = swap ? `${v.aisName.slice(0, -2)}88` : v.aisName;
      if (v.classB) {
        const { payload, fillBits } = encodeClassBStaticA(v.mmsi, name);
        out.push(toSentences(payload, fillBits, 0, 'B').join('\r\n'));
        continue;
      }
      const { payload, fillBits } = encodeStatic({
        mmsi: v.mmsi,
        imo: v.imo,
        callsign: v.callsign,
        shipname: name,
        shiptype: v.shipType,
        toBow: Math.round(v.lengthM * 0.6),
        toStern: Math.round(v.lengthM * 0.4),
        toPort: 5,
        toStarboard: 5,
        draught: v.draught,
        destination: 'JIAXING',
      });
      out.push(toSentences(payload, fillBits, this.seq++ % 10).join('\r\n'));
      if (v.inland) {
        const inland = encodeInlandStatic({
          mmsi: v.mmsi,
          eni: v.inland.eni,
          lengthDm: v.lengthM * 10,
          beamDm: 110,
          eriType: v.shipType >= 80 ? 8021 : 8010,
          hazard: v.inland.blueCones,
          draughtCm: Math.round(v.draught * 100),
          loadedCode: 1,
        });
        out.push(toSentences(inland.payload, inland.fillBits, this.seq++ % 10).join('\r\n'));
      }
    }
    return out;
  }

  /** A vessel without AIS never transmits; the dark vessel switches its AIS off, statics and all, for the last 1.2 km before the checkpoint. */
  private silent(m: Mover): boolean {
    if (m.unit.noAis) return true;
    return m.unit.behaviour === 'dark-on-approach' && m.dir === 1 && m.s > -1800 && m.s < -600;
  }
}
