import type { Checkpoint } from './checkpoint.js';
import { distanceM, KNOT_MPS } from '../domain/geo.js';
import { invalidShipMmsi } from './mmsi.js';
import type { SignalCode } from '../domain/signals.js';
import { NO_SIGNALS, type BranchFix, type Track, type VesselTrack } from './track.js';

export interface SignalLimits {
  /** Implied speed above which a move between two fixes is impossible for the vessels here. */
  maxSpeedKn: number;
  /** Moves shorter than this are never jumps: GNSS noise and rounding over seconds. */
  minJumpM: number;
  /** A second position branch unconfirmed for this long is forgotten. */
  branchWindowMs: number;
}

export const DEFAULT_LIMITS: SignalLimits = { maxSpeedKn: 50, minJumpM: 500, branchWindowMs: 10 * 60_000 };

export function raise(t: Track, code: SignalCode, now: number, evidence: string, text: string, textEn: string): void {
  const s = t.signals[code];
  if (s) {
    s.at = now;
    s.count++;
    s.evidence = evidence;
    s.text = text;
    s.textEn = textEn;
  } else {
    // Most tracks never raise a signal: they share one frozen empty set until their first.
    if (t.signals === NO_SIGNALS) t.signals = {};
    t.signals[code] = { code, since: now, at: now, count: 1, evidence, text, textEn };
  }
}

const fmt = (lat: number, lon: number) => `${lat.toFixed(5)},${lon.toFixed(5)}`;
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 19);

export function checkMmsi(t: VesselTrack, now: number): void {
  const why = invalidShipMmsi(t.mmsi);
  if (why)
    raise(
      t,
      'AIS_INVALID_MMSI',
      now,
      `${t.mmsi}: ${why.code}`,
      `MMSI ${t.mmsi} 无效或为测试号码（${why.zh}）`,
      `MMSI ${t.mmsi} is invalid or a test number (${why.en})`,
    );
}

function impliedKn(
  a: BranchFix,
  lat: number,
  lon: number,
  t: number,
  limits: SignalLimits,
): { metres: number; kn: number; plausible: boolean } {
  const metres = distanceM(a.lat, a.lon, lat, lon);
  const dt = (t - a.t) / 1000;
  const kn = dt > 0 ? metres / dt / KNOT_MPS : Infinity;
  return { metres, kn, plausible: metres <= limits.minJumpM || kn <= limits.maxSpeedKn };
}

/** A branch's latest fix, updated in place: the branch lives as long as the track, a fix per report would not. */
function advance(b: BranchFix, t: number, lat: number, lon: number): void {
  b.t = t;
  b.lat = lat;
  b.lon = lon;
  b.fixes++;
}

/**
 * Checks a new fix against the vessel's motion so far. A fix no vessel could reach from the last
 * one starts a second branch and raises AIS_POSITION_JUMP; fixes that keep alternating between
 * the two branches are two transmitters sharing one MMSI (AIS_DUPLICATE_MMSI); a branch that
 * carries on alone for three fixes is where the vessel really is, and becomes the main one.
 */
export function checkMotion(t: VesselTrack, lat: number, lon: number, at: number, limits: SignalLimits): void {
  const m = t.motion;
  if (m.alt && at - m.alt.t > limits.branchWindowMs) {
    m.alt = null;
    m.switches = 0;
    m.lastOnAlt = false;
  }
  if (!m.main) {
    m.main = { t: at, lat, lon, fixes: 1 };
    return;
  }
  const fromMain = impliedKn(m.main, lat, lon, at, limits);
  if (fromMain.plausible) {
    if (m.lastOnAlt) m.switches++;
    m.lastOnAlt = false;
    advance(m.main, at, lat, lon);
    return;
  }
  if (m.alt && impliedKn(m.alt, lat, lon, at, limits).plausible) {
    if (!m.lastOnAlt) m.switches++;
    m.lastOnAlt = true;
    advance(m.alt, at, lat, lon);
    if (m.switches >= 3) {
      const gap = Math.round(distanceM(m.main.lat, m.main.lon, lat, lon));
      raise(
        t,
        'AIS_DUPLICATE_MMSI',
        at,
        `${fmt(m.main.lat, m.main.lon)} @${clock(m.main.t)} | ${fmt(lat, lon)} @${clock(at)}; ${gap} m`,
        `同一MMSI同时出现在相距 ${gap} 米的两处，疑似套用MMSI`,
        `one MMSI reported at two places ${gap} m apart: possibly shared or cloned`,
      );
    } else if (m.switches <= 1 && m.alt.fixes >= 3) {
      m.main = m.alt;
      m.alt = null;
      m.switches = 0;
      m.lastOnAlt = false;
    }
    return;
  }
  const secs = Math.round((at - m.main.t) / 1000);
  const kn = Number.isFinite(fromMain.kn) ? `${fromMain.kn.toFixed(0)} kn` : 'same instant';
  raise(
    t,
    'AIS_POSITION_JUMP',
    at,
    `${fmt(m.main.lat, m.main.lon)} → ${fmt(lat, lon)}: ${Math.round(fromMain.metres)} m in ${secs} s (${kn})`,
    `船位跳变：${secs} 秒内移动 ${Math.round(fromMain.metres)} 米（${kn}），不可能的航速`,
    `position jump of ${Math.round(fromMain.metres)} m in ${secs} s (${kn})`,
  );
  m.alt = { t: at, lat, lon, fixes: 1 };
  m.switches = 1;
  m.lastOnAlt = true;
}

export function checkSpeedZone(
  t: VesselTrack,
  checkpoint: Checkpoint,
  lat: number,
  lon: number,
  speed: number | null,
  at: number,
): void {
  if (speed === null) return;
  const zone = checkpoint.zoneAt(lat, lon);
  if (!zone || speed <= zone.maxKn) return;
  raise(
    t,
    'AIS_SPEEDING_ZONE',
    at,
    `${zone.name}: ${speed.toFixed(1)} kn > ${zone.maxKn} kn @${clock(at)}`,
    `在限速区“${zone.name}”超速：${speed.toFixed(1)} 节（限速 ${zone.maxKn} 节）`,
    `speeding in zone ${zone.name}: ${speed.toFixed(1)} kn (limit ${zone.maxKn} kn)`,
  );
}

/** Static data that names a different vessel than before during one passage. */
export function checkIdentity(
  t: VesselTrack,
  field: 'shipname' | 'callsign' | 'imo',
  next: string | number,
  at: number,
): void {
  const before = t[field];
  if (before === null || before === next || before === '' || before === 0 || norm(before) === norm(next)) return;
  const label = { shipname: ['船名', 'name'], callsign: ['呼号', 'call sign'], imo: ['IMO', 'IMO'] }[field];
  raise(
    t,
    'AIS_IDENTITY_CHANGED',
    at,
    `${field}: ${before} → ${next}`,
    `航行中AIS${label[0]}变更：${before} → ${next}`,
    `${label[1]} changed in transit: ${before} → ${next}`,
  );
}

const norm = (v: string | number) =>
  String(v)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');

export function markDark(t: VesselTrack, now: number, distanceToGateM: number, lostS: number): void {
  const silent = Math.round((now - t.lastSeen) / 1000);
  const where = t.lat !== null && t.lon !== null ? fmt(t.lat, t.lon) : '—';
  raise(
    t,
    'AIS_WENT_DARK',
    now,
    `${clock(t.lastSeen)} ${where}; ${Math.round(distanceToGateM)} m; ${silent} s > ${lostS} s`,
    `卡口附近AIS信号中断：距卡口 ${Math.round(distanceToGateM)} 米处最后报告后静默 ${silent} 秒`,
    `AIS went dark ${Math.round(distanceToGateM)} m from the checkpoint, silent ${silent} s`,
  );
}
