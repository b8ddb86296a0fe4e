import { type Permit, type Waybill, inForce } from '../../domain/credit.js';
import { distanceToPolylineM } from '../../domain/geo.js';
import type { Finding, Rule } from '../finding.js';

/** A vehicle this far from its waybill's declared route has left it (design: a road corridor with detours). */
export const WAYBILL_CORRIDOR_M = 2000;
/** A waybill whose window ended or starts within this long is "out of its window", not missing. */
const WINDOW_SLACK_MS = 24 * 3_600_000;

const day = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 16);

/**
 * The hazmat electronic waybill (危险货物电子运单) of the passage: a hazmat vehicle must carry one
 * in force, and keep to its declared route.
 */
export const waybillChecks: Rule = ({ track, credit, now }) => {
  if (track.kind !== 'vehicle' || credit.vehicle?.hazmatQualified !== true || !credit.documents) return [];
  const all = credit.documents.waybills;
  const current = all.filter((w) => inForce(w, now));
  if (current.length === 0) {
    const near = all
      .filter((w) => now - w.until < WINDOW_SLACK_MS && w.from - now < WINDOW_SLACK_MS)
      .sort((a, b) => Math.abs(now - a.until) - Math.abs(now - b.until))[0];
    if (!near)
      return [
        {
          code: 'WAYBILL_MISSING',
          live: true,
          text: '危险货物运输车辆无有效电子运单',
          textEn: 'hazmat vehicle without an electronic waybill in force',
        },
      ];
    return [
      {
        code: 'WAYBILL_OUT_OF_WINDOW',
        live: true,
        text: `电子运单 ${near.id} 不在有效时段（${day(near.from)} 至 ${day(near.until)}）`,
        textEn: `waybill ${near.id} is outside its time window`,
        evidence: `${near.id}: ${day(near.from)}–${day(near.until)} UTC`,
      },
    ];
  }
  if (track.lat === null || track.lon === null) return [];
  const off = offRoute(current, track.lat, track.lon);
  return off
    ? [
        {
          code: 'WAYBILL_OFF_ROUTE',
          live: true,
          text: `偏离电子运单 ${off.w.id} 申报路线 ${Math.round(off.m)} 米`,
          textEn: `${Math.round(off.m)} m off the route declared in waybill ${off.w.id}`,
          evidence: `${off.w.id}: ${Math.round(off.m)} m > ${WAYBILL_CORRIDOR_M} m`,
        },
      ]
    : [];
};

/** Off every current waybill's route (a vehicle may carry several): the nearest one, or null when on one. */
function offRoute(current: readonly Waybill[], lat: number, lon: number): { w: Waybill; m: number } | null {
  let nearest: { w: Waybill; m: number } | null = null;
  for (const w of current) {
    if (w.route.length < 2) return null; // no route declared: nothing to keep to
    const m = distanceToPolylineM(lat, lon, w.route);
    if (m <= WAYBILL_CORRIDOR_M) return null;
    if (!nearest || m < nearest.m) nearest = { w, m };
  }
  return nearest;
}

/** Oversize and overweight transport permits (超限运输许可): validity and corridor. */
export const permitChecks: Rule = ({ track, credit, now }) => {
  const permits = credit.documents?.permits ?? [];
  if (track.kind !== 'vehicle' || permits.length === 0) return [];
  const current = permits.filter((p) => inForce(p, now));
  if (current.length === 0) {
    const last = [...permits].sort((a, b) => b.until - a.until)[0] as Permit;
    return [
      {
        code: 'PERMIT_EXPIRED',
        live: true,
        text: `超限运输许可 ${last.id} 不在有效期内（至 ${day(last.until)}）`,
        textEn: `transport permit ${last.id} not in force`,
        evidence: `${last.id}: –${day(last.until)} UTC`,
      },
    ];
  }
  if (track.lat === null || track.lon === null) return [];
  const out: Finding[] = [];
  const off = current
    .map((p) => ({
      p,
      m: p.corridor.length < 2 ? 0 : distanceToPolylineM(track.lat as number, track.lon as number, p.corridor),
    }))
    .filter(({ p, m }) => m > p.corridorWidthM)
    .sort((a, b) => a.m - b.m);
  if (off.length === current.length && off[0]) {
    const { p, m } = off[0];
    out.push({
      code: 'PERMIT_OFF_CORRIDOR',
      live: true,
      text: `偏离超限运输许可 ${p.id} 核定路线 ${Math.round(m)} 米`,
      textEn: `${Math.round(m)} m off the corridor of permit ${p.id}`,
      evidence: `${p.id}: ${Math.round(m)} m > ${p.corridorWidthM} m`,
    });
  }
  return out;
};

/** A weigh-in-motion reading above the weight permitted: the permit's in force, else the vehicle's own. */
export const overload: Rule = ({ track, credit, now }) => {
  if (track.kind !== 'vehicle' || !track.weighing) return [];
  const permit = (credit.documents?.permits ?? [])
    .filter((p) => inForce(p, now) && p.maxGrossKg > 0)
    .sort((a, b) => b.maxGrossKg - a.maxGrossKg)[0];
  const limit = permit?.maxGrossKg ?? credit.vehicle?.permittedGrossKg;
  const { grossKg, station } = track.weighing;
  if (!limit || grossKg <= limit) return [];
  const pct = Math.round(((grossKg - limit) / limit) * 1000) / 10;
  return [
    {
      code: 'OVERLOAD_GROSS',
      live: true,
      text: `动态称重 ${(grossKg / 1000).toFixed(1)} 吨，超过${permit ? `许可 ${permit.id} ` : ''}核定总质量 ${(limit / 1000).toFixed(1)} 吨（超 ${pct}%）`,
      textEn: `weigh-in-motion ${grossKg} kg over the permitted ${limit} kg (${pct} %)`,
      evidence: `${station}: ${grossKg} kg > ${limit} kg`,
    },
  ];
};

/**
 * An on-board sensor silent past its profile's liveness while the vehicle is still heard (its
 * terminal reports on): a silent sensor is itself a signal, since a leak detector that says nothing
 * proves nothing.
 */
export const sensorStale: Rule = ({ track }) => {
  if (track.kind !== 'vehicle') return [];
  const stale = Object.values(track.sensors).filter((s) => track.lastSeen - s.at > s.livenessMs);
  if (stale.length === 0) return [];
  const list = stale
    .map((s) => `${s.profile}/${s.deviceId} ${Math.round((track.lastSeen - s.at) / 1000)} s`)
    .join('; ');
  return [
    {
      code: 'SENSOR_STALE',
      live: true,
      units: stale.length,
      text: `车载传感器失联：${list}`,
      textEn: `on-board sensor silent: ${list}`,
      evidence: list,
    },
  ];
};

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** A registered terminal heard this long before a gate read still accounts for the vehicle. */
const TERMINAL_QUIET_MS = 10 * 60_000;

/**
 * A hazmat vehicle read at the gate that its registered terminal does not account for: running
 * dark (道路运输车辆动态监督管理办法: the terminal stays online while the vehicle operates).
 */
export const terminalSilent: Rule = ({ track, credit }) => {
  if (track.kind !== 'vehicle' || !track.plateRead) return [];
  const registered = credit.vehicle?.terminalId;
  if (!registered) return [];
  const heard = track.terminalAt;
  if (heard !== null && track.plateRead.at - heard <= TERMINAL_QUIET_MS) return [];
  const since = heard === null ? '无上报' : `${clock(heard)} 后无上报`;
  return [
    {
      code: 'TERMINAL_SILENT',
      live: true,
      text: `卡口识别车牌，但登记的车载终端 ${registered} ${since}（疑似关闭终端行驶）`,
      textEn: `read at the gate; registered terminal ${registered} ${heard === null ? 'not heard' : `silent since ${clock(heard)}`}`,
      evidence: `${track.plateRead.station} ${clock(track.plateRead.at)}; ${registered} ${heard === null ? '—' : clock(heard)}`,
    },
  ];
};
