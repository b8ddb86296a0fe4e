import { BitWriter } from './ais-encoder.js';

/** The header of a binary message: addressed (type 6) with its destination, or broadcast (type 8). */
export interface BinaryHeader {
  type: 6 | 8;
  mmsi: number;
  dac: number;
  fid: number;
  /** Type 6 only. */
  destMmsi?: number;
  seqno?: number;
}

/** A type 6 or 8 message armoured for a sentence, its application data written by `write`. */
export function encodeBinary(h: BinaryHeader, write: (w: BitWriter) => void): { payload: string; fillBits: number } {
  const w = new BitWriter().uint(h.type, 6).uint(0, 2).uint(h.mmsi, 30);
  if (h.type === 6)
    w.uint(h.seqno ?? 0, 2)
      .uint(h.destMmsi ?? 0, 30)
      .uint(0, 1)
      .uint(0, 1);
  else w.uint(0, 2);
  w.uint(h.dac, 10).uint(h.fid, 6);
  write(w);
  return w.armour();
}

/** What an inland vessel broadcasts of itself (Inland AIS, DAC 200 FID 10). */
export interface InlandStatic {
  mmsi: number;
  /** European Number of Identification (8 characters). */
  eni: string;
  lengthDm: number;
  beamDm: number;
  /** ERI ship type (8000-8510...). */
  eriType: number;
  /** Blue cones or lights shown: 0-3; 4 a B-flag; null unknown. */
  hazard: number | null;
  draughtCm: number;
  /** Loaded state as transmitted: 0 not available, 1 or 2 as the Inland AIS standard codes it. */
  loadedCode: 0 | 1 | 2;
}

export function encodeInlandStatic(s: InlandStatic): { payload: string; fillBits: number } {
  return encodeBinary({ type: 8, mmsi: s.mmsi, dac: 200, fid: 10 }, (w) =>
    w
      .text(s.eni, 8)
      .uint(s.lengthDm, 13)
      .uint(s.beamDm, 10)
      .uint(s.eriType, 14)
      .uint(s.hazard ?? 5, 3)
      .uint(s.draughtCm, 11)
      .uint(s.loadedCode, 2)
      .uint(1, 1)
      .uint(1, 1)
      .uint(1, 1)
      .uint(0, 8),
  );
}
