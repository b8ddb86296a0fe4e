import type { SubjectLine } from '../../scoring/subject-input.js';
import { CARGOES, normal, pick, type Subject } from './population.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (t: number) => new Date(t).toISOString();

/** What went wrong on one passage, drawn from the subject's habits: each is visible to the node's rules. */
export interface Faults {
  waybillMissing: boolean;
  cargoNotPermitted: boolean;
  driverUnqualified: boolean;
  alarm: boolean;
  overload: boolean;
  aisDark: boolean;
  draughtOver: boolean;
  hullMismatch: boolean;
}

/** Each fault's chance on a passage of a subject with care 0 (an average B-grade subject); it grows with carelessness. */
const FAULT_RATES: Record<keyof Faults, number> = {
  waybillMissing: 0.003,
  cargoNotPermitted: 0.002,
  driverUnqualified: 0.002,
  alarm: 0.012,
  overload: 0.003,
  aisDark: 0.01,
  draughtOver: 0.006,
  hullMismatch: 0.001,
};

export function drawFaults(s: Subject, r: () => number): Faults {
  const vehicle = s.line.kind === 'vehicle';
  const f = (k: keyof Faults, applies: boolean) => applies && r() < FAULT_RATES[k] * Math.exp(s.care);
  return {
    waybillMissing: f('waybillMissing', vehicle),
    cargoNotPermitted: f('cargoNotPermitted', vehicle),
    driverUnqualified: f('driverUnqualified', vehicle),
    alarm: f('alarm', vehicle),
    overload: f('overload', vehicle),
    aisDark: f('aisDark', !vehicle),
    draughtOver: f('draughtOver', !vehicle),
    hullMismatch: f('hullMismatch', !vehicle),
  };
}

/**
 * The passage as the node sees it at `at`: the subject's snapshot line with the documents in force
 * (a waybill for the trip, its cargo within the certificate, the driver on record) and what the
 * devices report, each fault showing where the node's rules look for it.
 */
export function passageLine(s: Subject, f: Faults, at: number, passageId: string, r: () => number): SubjectLine {
  const line: SubjectLine = { ...s.line, passageId, at: iso(at), credit: { ...s.line.credit } };
  const credit = line.credit as NonNullable<SubjectLine['credit']>;
  const live: NonNullable<SubjectLine['live']> = {};
  if (line.kind === 'vehicle') {
    const classes = credit.hazardClasses ?? [];
    const allowed = CARGOES.filter(([, c]) => classes.includes(c));
    const outside = CARGOES.filter(([, c]) => !classes.includes(c));
    const [unNumber, hazardClass] = f.cargoNotPermitted && outside.length ? pick(r, outside) : pick(r, allowed);
    const trip = at - Math.floor(r() * 4) * HOUR;
    credit.waybills = f.waybillMissing
      ? []
      : [
          {
            id: `YD${passageId.replace(/\D/g, '')}`,
            unNumber,
            hazardClass,
            quantityKg: 8_000 + Math.floor(r() * 22_000),
            route: [],
            from: iso(trip - HOUR),
            until: iso(trip + 10 * HOUR),
          },
        ];
    if (f.driverUnqualified) credit.driver = r() < 0.5 ? null : { qualification: '9', validUntil: iso(at - 30 * DAY) };
    if (f.alarm) live.alarms = [pick(r, ['route-deviation', 'fatigue', 'overspeed'])];
    if (f.overload) live.grossKg = 49_000 * (1.08 + 0.1 * r());
  } else {
    if (f.aisDark) live.signals = ['AIS_WENT_DARK'];
    if (f.draughtOver) live.draught = (credit.maxDraughtM ?? 4) + 0.4 + r();
    if (f.hullMismatch) live.hullName = `VESSEL ${Math.floor(r() * 1e6)}`;
  }
  if (Object.keys(live).length > 0) line.live = live;
  return line;
}

/** Traffic through the day: fewer at night, more in the working hours; averages 1. */
export function diurnal(hourOfDay: number): number {
  return 0.55 + 0.9 * Math.sin((Math.PI * ((hourOfDay + 18) % 24)) / 24) ** 2;
}

/** A Poisson count with mean `mean` (Knuth's method below 30, a normal approximation above). */
export function poisson(mean: number, r: () => number): number {
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(r)));
  let k = 0;
  for (let p = r(); p > Math.exp(-mean); p *= r()) k++;
  return k;
}
