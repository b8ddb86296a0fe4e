import { formatSentence } from '../normalize/nmea/sentence.js';

/** Builds AIS payload bits MSB first; the simulator's half of the decoder, used for demo traffic and tests. */
export class BitWriter {
  private bits: number[] = [];

  uint(value: number, width: number): this {
    for (let i = width - 1; i >= 0; i--) this.bits.push(Math.floor(value / 2 ** i) % 2);
    return this;
  }

  int(value: number, width: number): this {
    return this.uint(value < 0 ? 2 ** width + value : value, width);
  }

  text(s: string, chars: number): this {
    const padded = s.toUpperCase().padEnd(chars, '@').slice(0, chars);
    for (const ch of padded) {
      const c = ch.charCodeAt(0);
      this.uint(c >= 64 ? c - 64 : c, 6);
    }
    return this;
  }

  armour(): { payload: string; fillBits: number } {
    const fillBits = (6 - (this.bits.length % 6)) % 6;
    const bits = [...this.bits, ...new Array<number>(fillBits).fill(0)];
    let payload = '';
    for (let i = 0; i < bits.length; i += 6) {
      let v = 0;
      for (let k = 0; k < 6; k++) v = v * 2 + (bits[i + k] as number);
      payload += String.fromCharCode(v < 40 ? v + 48 : v + 56);
    }
    return { payload, fillBits };
  }
}

export interface PositionInput {
  mmsi: number;
  lat: number | null;
  lon: number | null;
  speed: number | null;
  course: number | null;
  heading: number | null;
  /** Degrees per minute; null = not available. */
  turn?: number | null;
  status?: number;
  second?: number;
}

const rawLat = (lat: number | null) => (lat === null ? 54_600_000 : Math.round(lat * 600_000));
const rawLon = (lon: number | null) => (lon === null ? 108_600_000 : Math.round(lon * 600_000));
const rawSpeed = (s: number | null) => (s === null ? 1023 : Math.min(1022, Math.round(s * 10)));
const rawCourse = (c: number | null) => (c === null ? 3600 : Math.round(c * 10) % 3600);
const rawHeading = (h: number | null) => (h === null ? 511 : Math.round(h) % 360);
function rawTurn(t: number | null | undefined): number {
  if (t === null || t === undefined) return -128;
  const v = Math.round(4.733 * Math.sqrt(Math.abs(t)));
  return Math.max(-126, Math.min(126, t < 0 ? -v : v));
}

export function encodeClassA(p: PositionInput): string {
  return new BitWriter()
    .uint(1, 6)
    .uint(0, 2)
    .uint(p.mmsi, 30)
    .uint(p.status ?? 0, 4)
    .int(rawTurn(p.turn), 8)
    .uint(rawSpeed(p.speed), 10)
    .uint(1, 1)
    .int(rawLon(p.lon), 28)
    .int(rawLat(p.lat), 27)
    .uint(rawCourse(p.course), 12)
    .uint(rawHeading(p.heading), 9)
    .uint(p.second ?? 60, 6)
    .uint(0, 2)
    .uint(0, 3)
    .uint(0, 1)
    .uint(0, 19)
    .armour().payload;
}

export function encodeClassB(p: PositionInput): string {
  return new BitWriter()
    .uint(18, 6)
    .uint(0, 2)
    .uint(p.mmsi, 30)
    .uint(0, 8)
    .uint(rawSpeed(p.speed), 10)
    .uint(0, 1)
    .int(rawLon(p.lon), 28)
    .int(rawLat(p.lat), 27)
    .uint(rawCourse(p.course), 12)
    .uint(rawHeading(p.heading), 9)
    .uint(p.second ?? 60, 6)
    .uint(0, 2)
    .uint(1, 1)
    .uint(0, 1)
    .uint(1, 1)
    .uint(1, 1)
    .uint(1, 1)
    .uint(0, 1)
    .uint(0, 1)
    .uint(0, 20)
    .armour().payload;
}

export interface StaticInput {
  mmsi: number;
  imo: number;
  callsign: string;
  shipname: string;
  shiptype: number;
  toBow: number;
  toStern: number;
  toPort: number;
  toStarboard: number;
  draught: number;
  destination: string;
}

export function encodeStatic(s: StaticInput): { payload: string; fillBits: number } {
  return new BitWriter()
    .uint(5, 6)
    .uint(0, 2)
    .uint(s.mmsi, 30)
    .uint(0, 2)
    .uint(s.imo, 30)
    .text(s.callsign, 7)
    .text(s.shipname, 20)
    .uint(s.shiptype, 8)
    .uint(s.toBow, 9)
    .uint(s.toStern, 9)
    .uint(s.toPort, 6)
    .uint(s.toStarboard, 6)
    .uint(1, 4)
    .uint(0, 4)
    .uint(0, 5)
    .uint(24, 5)
    .uint(60, 6)
    .uint(Math.round(s.draught * 10), 8)
    .text(s.destination, 20)
    .uint(0, 1)
    .uint(0, 1)
    .armour();
}

export function encodeClassBStaticA(mmsi: number, shipname: string): { payload: string; fillBits: number } {
  return new BitWriter().uint(24, 6).uint(0, 2).uint(mmsi, 30).uint(0, 2).text(shipname, 20).armour();
}

/** Wraps a payload in one or more !AIVDM sentences of at most 60 payload characters each. */
export function toSentences(payload: string, fillBits: number, sequenceId: number, channel: 'A' | 'B' = 'A'): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < payload.length; i += 60) chunks.push(payload.slice(i, i + 60));
  const seq = chunks.length > 1 ? String(sequenceId % 10) : '';
  return chunks.map((chunk, i) =>
    formatSentence(
      `AIVDM,${chunks.length},${i + 1},${seq},${channel},${chunk},${i === chunks.length - 1 ? fillBits : 0}`,
    ),
  );
}
