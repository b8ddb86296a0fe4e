import { addInspection, type History36m, type ListEntry } from '../domain/credit.js';
import { parseClasses } from '../domain/driver-id.js';
import { SIGNAL_TEXT, type SignalCode, type TrackSignal } from '../domain/signals.js';
import type { TrackView } from '../domain/track-view.js';
import { worseGrade, type CreditProfile } from '../domain/credit-profile.js';
import type { FlagList, Performance, ShipKind } from '../domain/psc.js';
import type { RuleInput } from './finding.js';
import type { SubjectLine } from './subject-schema.js';

export { subjectProblems, SubjectSchema, type SubjectLine } from './subject-schema.js';

const DAY = 86_400_000;

/** The rule input a subject line describes, as the live pipeline would have built it. */
export function subjectToInput(s: SubjectLine, now: number): RuleInput & { id: string } {
  const at = s.at ? Date.parse(s.at) : now;
  const id =
    s.id ??
    (s.kind === 'vessel'
      ? `vessel:${s.identity.mmsi ?? 0}`
      : `vehicle:${s.identity.plate ?? s.identity.terminalId ?? '?'}`);
  const signals: Partial<Record<SignalCode, TrackSignal>> = {};
  for (const code of (s.live?.signals ?? []) as SignalCode[]) {
    const [text, textEn] = SIGNAL_TEXT[code];
    signals[code] = { code, since: at, at, count: 1, evidence: 'kakou-subject/1', text, textEn };
  }
  const [lat, lon] = s.live?.position ?? [null, null];
  const base = { id, lat, lon, lastSeen: at, signals };
  const track: TrackView =
    s.kind === 'vessel'
      ? {
          ...base,
          kind: 'vessel',
          mmsi: s.identity.mmsi ?? 0,
          shipname: s.live?.shipname ?? s.identity.name ?? null,
          imo: null,
          shiptype: s.live?.shiptype ?? null,
          draught: s.live?.draught ?? null,
          aisHeard: s.live?.noAis !== true,
          voyage:
            s.live?.blueCones === undefined && s.live?.persons === undefined && s.live?.loaded === undefined
              ? null
              : {
                  eni: null,
                  blueCones: s.live.blueCones ?? null,
                  blueConesAt: s.live.blueCones === undefined ? null : at,
                  loadState: s.live.loaded === undefined ? null : s.live.loaded ? 1 : 2,
                  persons: s.live.persons ?? null,
                  personsAt: s.live.persons === undefined ? null : at,
                },
          sighting:
            s.live?.measuredDraught === undefined && s.live?.hullName === undefined
              ? null
              : {
                  at,
                  station: 'input',
                  profile: 'input',
                  hullName: s.live.hullName ?? null,
                  draughtM: s.live.measuredDraught ?? null,
                  draughtAt: s.live.measuredDraught === undefined ? null : at,
                },
        }
      : {
          ...base,
          kind: 'vehicle',
          terminalId: s.identity.terminalId ?? '',
          plate: s.identity.plate ?? null,
          activeAlarms: s.live?.alarms ?? [],
          alarmsSeen: Object.fromEntries((s.live?.alarms ?? []).map((a) => [a, at])),
          weighing: s.live?.grossKg === undefined ? null : { at, grossKg: s.live.grossKg, station: 'input' },
          sensors: {},
          driver: s.credit?.driver === undefined ? null : { idHash: 'input', masked: 'input', at },
          plateRead: s.live?.noTerminal ? { at, station: 'input' } : null,
          terminalAt: s.live?.noTerminal ? null : at,
        };
  const input: RuleInput & { id: string } = { id, track, credit: creditOf(s, at), now: at };
  if (s.lastInspection) {
    const t = Date.parse(s.lastInspection.at);
    input.local = { lastInspectionAt: t, ...(s.lastInspection.clean && { lastCleanInspectionAt: t }) };
  }
  return input;
}

function creditOf(s: SubjectLine, at: number): CreditProfile {
  const c = s.credit;
  if (!c)
    return {
      known: false,
      subjectGrade: null,
      company: null,
      grade: null,
      lists: [],
      history: null,
      vessel: null,
      vehicle: null,
    };
  const history: History36m = {
    inspections: 0,
    deficiencies: 0,
    detentions: 0,
    penalties: c.penalties ?? 0,
    accidents: c.accidents ?? 0,
  };
  for (const i of c.inspections ?? []) {
    const t = Date.parse(i.at);
    if (t <= at && at - t <= 36 * 30.44 * DAY) addInspection(history, t, i.deficiencies, i.detained === true);
  }
  const psc = c.psc;
  const company =
    c.companyGrade || psc?.companyPerformance || psc?.companyInspections36m !== undefined
      ? {
          id: 'company',
          name: c.companyName ?? '',
          grade: c.companyGrade ?? c.grade ?? 'B',
          ...(psc?.companyPerformance ? { performance: psc.companyPerformance as Performance } : {}),
          ...(psc?.companyInspections36m !== undefined && { inspections36m: psc.companyInspections36m }),
        }
      : null;
  const subjectId = s.kind === 'vessel' ? String(s.identity.mmsi ?? 0) : (s.identity.plate ?? '');
  const lists: ListEntry[] = (c.lists ?? []).map((l) => ({
    list: l.list,
    subjectKind: l.of === 'company' ? 'company' : s.kind,
    subjectId: l.of === 'company' ? 'company' : subjectId,
    reason: l.reason ?? '',
    from: new Date(at - DAY).toISOString(),
    status: 'active',
  }));
  return {
    known: true,
    subjectGrade: c.grade ?? null,
    company,
    grade: worseGrade(c.grade, c.companyGrade),
    lists,
    history,
    vessel:
      s.kind === 'vessel'
        ? {
            mmsi: s.identity.mmsi ?? 0,
            name: c.registeredName ?? s.identity.name ?? '',
            ...(c.shipType !== undefined && { shipType: c.shipType }),
            ...(c.buildYear !== undefined && { buildYear: c.buildYear }),
            ...(c.maxDraughtM !== undefined && { maxDraughtM: c.maxDraughtM }),
            ...(psc?.type ? { pscType: psc.type as ShipKind } : {}),
            ...(c.dangerousCargo !== undefined && { dangerousCargo: c.dangerousCargo }),
            ...(c.maxPersons !== undefined && { maxPersons: c.maxPersons }),
          }
        : null,
    ...(s.kind === 'vessel' &&
      psc?.flag && {
        flagState: { code: psc.flag.code, list: psc.flag.list as FlagList, imoAudited: psc.flag.imoAudited },
      }),
    ...(s.kind === 'vessel' &&
      psc?.ro && {
        ro: {
          id: psc.ro.id,
          recognised: psc.ro.recognised,
          ...(psc.ro.performance ? { performance: psc.ro.performance as Performance } : {}),
        },
      }),
    vehicle:
      s.kind === 'vehicle'
        ? {
            plate: s.identity.plate ?? '',
            hazmatQualified: c.hazmatQualified ?? true,
            ...(c.permittedGrossKg !== undefined && { permittedGrossKg: c.permittedGrossKg }),
          }
        : null,
    ...(s.kind === 'vehicle' && {
      documents: {
        waybills: (c.waybills ?? []).map((w) => ({ ...w, from: Date.parse(w.from), until: Date.parse(w.until) })),
        permits: (c.permits ?? []).map((p) => ({ ...p, from: Date.parse(p.from), until: Date.parse(p.until) })),
        hazardClasses: c.hazardClasses ?? [],
      },
      ...(c.driver !== undefined && {
        driver:
          c.driver === null
            ? null
            : {
                idHash: 'input',
                classes: parseClasses(c.driver.qualification),
                validUntil: Date.parse(c.driver.validUntil),
              },
      }),
    }),
  };
}
