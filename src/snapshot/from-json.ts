import type { CreditSnapshot } from '../domain/credit.js';
import { driverIdHash } from '../domain/driver-id.js';
import { KakouError } from '../errors.js';
import type { SnapRecord, SubjectKindName } from './format.js';

const KIND: Record<string, SubjectKindName> = { company: 'COMPANY', vessel: 'VESSEL', vehicle: 'VEHICLE' };
const LIST = { red: 'RED', black: 'BLACK', 'key-attention': 'KEY_ATTENTION' } as const;
const STATUS = { active: 'ACTIVE', disputed: 'DISPUTED', repaired: 'REPAIRED', upheld: 'UPHELD' } as const;
const EVENT = { inspection: 'INSPECTION', penalty: 'PENALTY', accident: 'ACCIDENT' } as const;
const DAY = 86_400_000;

/**
 * Records of a snapshot written in the JSON form (kakou-credit-snapshot/1), the input format of
 * `kakou snapshot build --from`. History given as 36-month counts becomes dated events spread
 * evenly over the 36 months before issuedAt; deficiencies are shared among the inspections and the
 * first inspections carry the detentions.
 */
export function* recordsFromJson(s: CreditSnapshot, driverIdKey: Uint8Array | null = null): Generator<SnapRecord> {
  const issued = Date.parse(s.issuedAt);
  for (const c of s.companies)
    yield {
      company: {
        id: c.id,
        name: c.name,
        grade: c.grade,
        score: c.score ?? 0,
        performance: c.performance ?? '',
        ...(c.inspections36m !== undefined && { recentPscInspections: c.inspections36m }),
      },
    };
  for (const f of s.flags ?? [])
    yield {
      flagState: {
        code: f.code,
        name: f.name ?? '',
        list: f.list === 'unlisted' ? '' : f.list,
        imoAudited: f.imoAudited,
      },
    };
  for (const o of s.recognisedOrganisations ?? [])
    yield {
      recognisedOrganisation: {
        id: o.id,
        name: o.name ?? '',
        performance: o.performance ?? '',
        recognised: o.recognised,
      },
    };
  for (const v of s.vessels) {
    yield {
      vessel: {
        mmsi: v.mmsi,
        imo: v.imo ?? 0,
        registrationNo: v.registrationNo ?? '',
        nameZh: v.nameZh ?? '',
        name: v.name,
        shipType: v.shipType ?? 0,
        buildYear: v.buildYear ?? 0,
        grossTonnage: 0,
        maxDraughtCm: Math.round((v.maxDraughtM ?? 0) * 100),
        portOfRegistry: '',
        companyId: v.companyId ?? '',
        grade: v.grade ?? 'GRADE_UNSPECIFIED',
        flag: v.flag ?? '',
        roId: v.roId ?? '',
        pscType: v.pscType ?? '',
        ...(v.dangerousCargo !== undefined && { dangerousCargo: v.dangerousCargo }),
        maxPersons: v.maxPersons ?? 0,
      },
    };
    if (v.history) yield* historyEvents('VESSEL', String(v.mmsi), v.history, issued);
    yield* listedEvents('VESSEL', String(v.mmsi), v.events);
  }
  for (const v of s.vehicles) {
    yield {
      vehicle: {
        plate: v.plate,
        plateColour: v.plateColour ?? '',
        vehicleType: v.vehicleType ?? '',
        hazmatQualified: v.hazmatQualified ?? false,
        permittedGrossKg: v.permittedGrossKg ?? 0,
        companyId: v.companyId ?? '',
        terminalId: v.terminalId ?? '',
        grade: v.grade ?? 'GRADE_UNSPECIFIED',
        hazardClasses: v.hazardClasses ?? [],
      },
    };
    if (v.history) yield* historyEvents('VEHICLE', v.plate, v.history, issued);
    yield* listedEvents('VEHICLE', v.plate, v.events);
  }
  for (const d of s.drivers ?? []) {
    if (!d.idHash && !driverIdKey)
      throw new KakouError(
        'KAKOU_E_SNAPSHOT_DRIVER_KEY',
        'drivers given by ID number need the provincial driver-id key to be hashed',
        ['kakou snapshot build --driver-id-key FILE'],
      );
    const hash = d.idHash
      ? Buffer.from(d.idHash, 'hex')
      : driverIdHash(d.idNumber as string, driverIdKey as Uint8Array);
    yield {
      driver: {
        idHash: hash,
        qualification: d.qualification,
        validUntilMs: Date.parse(d.validUntil),
        companyId: d.companyId ?? '',
      },
    };
  }
  const point = ([lat, lon]: [number, number]) => ({ lat, lon });
  for (const w of s.waybills ?? []) {
    yield {
      waybill: {
        id: w.id,
        plate: w.plate,
        unNumber: w.unNumber,
        hazardClass: w.hazardClass,
        quantityKg: w.quantityKg,
        route: w.route.map(point),
        windowFromMs: Date.parse(w.from),
        windowUntilMs: Date.parse(w.until),
        companyId: w.companyId ?? '',
      },
    };
  }
  for (const p of s.permits ?? []) {
    yield {
      permit: {
        id: p.id,
        plate: p.plate,
        corridor: p.corridor.map(point),
        corridorWidthM: p.corridorWidthM,
        validFromMs: Date.parse(p.from),
        validUntilMs: Date.parse(p.until),
        maxGrossKg: p.maxGrossKg,
      },
    };
  }
  for (const l of s.lists) {
    yield {
      listEntry: {
        list: LIST[l.list],
        subjectKind: KIND[l.subjectKind] ?? 'SUBJECT_UNSPECIFIED',
        subjectId: l.subjectId,
        reason: l.reason,
        fromMs: Date.parse(l.from),
        untilMs: l.until ? Date.parse(l.until) : 0,
        status: STATUS[l.status ?? 'active'],
        entryId: l.id ?? `L-${l.subjectKind}-${l.subjectId}-${l.list}-${Date.parse(l.from)}`,
      },
    };
  }
}

/** History events given one by one, each with the platform's id and its dispute or repair status. */
function* listedEvents(
  kind: SubjectKindName,
  id: string,
  events: NonNullable<CreditSnapshot['vessels'][number]['events']> = [],
): Generator<SnapRecord> {
  for (const e of events)
    yield {
      history: {
        subjectKind: kind,
        subjectId: id,
        kind: EVENT[e.kind],
        atMs: Date.parse(e.at),
        deficiencies: e.deficiencies ?? 0,
        detained: e.detained ?? false,
        note: e.note ?? '',
        eventId: e.id,
        status: STATUS[e.status ?? 'active'],
      },
    };
}

function* historyEvents(
  kind: SubjectKindName,
  id: string,
  h: NonNullable<CreditSnapshot['vessels'][number]['history']>,
  issued: number,
): Generator<SnapRecord> {
  const at = (i: number, n: number) => issued - Math.round(((i + 0.5) / Math.max(1, n)) * 35 * 30 * DAY);
  for (let i = 0; i < h.inspections; i++) {
    const share = Math.floor(h.deficiencies / h.inspections) + (i < h.deficiencies % h.inspections ? 1 : 0);
    yield {
      history: {
        subjectKind: kind,
        subjectId: id,
        kind: 'INSPECTION',
        atMs: at(i, h.inspections),
        deficiencies: share,
        detained: i < h.detentions,
        note: '',
        eventId: `H-${kind}-${id}-inspection-${i}`,
      },
    };
  }
  for (let i = 0; i < h.penalties; i++)
    yield {
      history: {
        subjectKind: kind,
        subjectId: id,
        kind: 'PENALTY',
        atMs: at(i, h.penalties),
        deficiencies: 0,
        detained: false,
        note: '',
        eventId: `H-${kind}-${id}-penalty-${i}`,
      },
    };
  for (let i = 0; i < h.accidents; i++)
    yield {
      history: {
        subjectKind: kind,
        subjectId: id,
        kind: 'ACCIDENT',
        atMs: at(i, h.accidents),
        deficiencies: 0,
        detained: false,
        note: '',
        eventId: `H-${kind}-${id}-accident-${i}`,
      },
    };
}
