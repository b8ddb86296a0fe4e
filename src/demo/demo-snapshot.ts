import type { CreditSnapshot, ListEntry } from '../domain/credit.js';
import { COMPANIES, VESSELS } from './fleet.js';
import { VEHICLES } from './fleet-vehicles.js';
import { DEMO_SITE, roadPoint } from './route.js';

/** The credit snapshot the demo node scores against, as the provincial platform would publish it. */
export function demoSnapshot(now: number, site: { lat: number; lon: number } = DEMO_SITE): CreditSnapshot {
  const day = 86_400_000;
  const iso = (t: number) => new Date(t).toISOString();
  const lists: ListEntry[] = [];
  for (const c of COMPANIES) {
    if (c.list)
      lists.push({
        list: c.list.list,
        subjectKind: 'company',
        subjectId: c.id,
        reason: c.list.reason,
        from: iso(now - 200 * day),
        until: iso(now + 165 * day),
        status: 'active',
      });
  }
  for (const v of VESSELS) {
    if (v.list && !v.unregistered)
      lists.push({
        list: v.list.list,
        subjectKind: 'vessel',
        subjectId: String(v.mmsi),
        reason: v.list.reason,
        from: iso(now - 90 * day),
        status: 'active',
      });
  }
  return {
    format: 'kakou-credit-snapshot/1',
    version: Math.floor(now / 1000),
    issuedAt: iso(now - 2 * 3_600_000),
    validUntil: iso(now + 7 * day),
    companies: COMPANIES.map(({ id, name, grade }) => ({ id, name, grade })),
    // The ship risk profile's lists as the platform relays them (the Paris and Tokyo presets read them).
    flags: [{ code: 'CN', name: '中国', list: 'white', imoAudited: true }],
    recognisedOrganisations: [{ id: 'CCS', name: '中国船级社', performance: 'high', recognised: true }],
    vessels: VESSELS.filter((v) => !v.unregistered).map((v) => ({
      mmsi: v.mmsi,
      ...(v.imo > 0 && { imo: v.imo }),
      name: v.registeredName ?? v.aisName,
      nameZh: v.nameZh,
      shipType: v.shipType,
      buildYear: v.buildYear,
      maxDraughtM: v.maxDraughtM ?? Math.round((v.draught + 0.5) * 10) / 10,
      companyId: v.companyId,
      ...(v.grade && { grade: v.grade }),
      flag: 'CN',
      roId: 'CCS',
      ...(v.inland && { dangerousCargo: v.inland.declaredDangerous }),
      history: v.history,
    })),
    vehicles: VEHICLES.filter((v) => !v.unregistered).map((v) => ({
      plate: v.plate,
      plateColour: '黄',
      terminalId: v.terminalId,
      vehicleType: '危险货物运输罐式车',
      companyId: v.companyId,
      ...(v.grade && { grade: v.grade }),
      hazmatQualified: v.hazmatQualified,
      permittedGrossKg: 49_000,
      history: v.history,
      hazardClasses: v.vehicleClasses ?? ['2', '3', '8'],
    })),
    // The platform hashes ID numbers itself; the demo hands them to `snapshot build`, which does the same.
    drivers: VEHICLES.filter((v) => !v.unregistered).map((v) => ({
      idNumber: v.driverId,
      qualification: v.driver === 'class-8-only' ? '8' : '2,3,8',
      validUntil: iso(v.driver === 'expired' ? now - 30 * day : now + 3 * 365 * day),
      companyId: v.companyId,
    })),
    // Each registered truck carries a waybill for a run down the road through the checkpoint, save the
    // scripted ones without one or with one that ran out an hour ago.
    waybills: VEHICLES.filter((v) => !v.unregistered && v.waybill !== 'none').map((v, i) => {
      const ends = [roadPoint(site, -30_000), roadPoint(site, 30_000)].map((p): [number, number] => [
        Math.round(p.lat * 1e6) / 1e6,
        Math.round(p.lon * 1e6) / 1e6,
      ]);
      const until = v.waybill === 'expired' ? now - 3_600_000 : now + 18 * 3_600_000;
      return {
        id: `YD3304${String(20261125000 + i)}`,
        plate: v.plate,
        unNumber: v.cargo?.un ?? (i % 3 === 0 ? 'UN1203' : 'UN1789'),
        hazardClass: v.cargo?.hazardClass ?? (i % 3 === 0 ? '3' : '8'),
        quantityKg: 28_000,
        route: ends,
        from: iso(until - 24 * 3_600_000),
        until: iso(until),
        companyId: v.companyId,
      };
    }),
    lists,
  };
}
