import type { Company, ListEntry } from '../domain/credit.js';
import { companyEntry, listEntry } from '../domain/credit-source.js';
import { flagEntry, roEntry, SHIP_KINDS, type FlagPerformance, type RoPerformance } from '../domain/psc.js';
import { Superseded, type CreditRows } from '../storage/credit-rows.js';
import { CreditIndex, gradeCode, NONE, packHistory } from './credit-index.js';
import { hash32, KeyIndex, RecordPacker, U32Builder } from './packed-records.js';

/**
 * Reads the snapshot in force into a CreditIndex, table by table from storage's CreditRows (which
 * yields to the event loop between pages). Returns null when `current()` turns false midway, or
 * another snapshot comes into force: a newer snapshot is to be packed instead.
 */
export async function buildCreditIndex(rows: CreditRows, current: () => boolean): Promise<CreditIndex | null> {
  const version = rows.version();
  const strings: string[] = [];
  const interned = new Map<string, number>();
  const intern = (s: string | null): number => {
    if (s === null || s === '') return NONE;
    let i = interned.get(s);
    if (i === undefined) {
      i = strings.push(s) - 1;
      interned.set(s, i);
    }
    return i;
  };
  const still = () => current() && rows.version() === version;
  try {
    const companies = new Map<string, Company>();
    await rows.read('companies', still, (row) => companies.set(row[0], companyEntry(...row)));
    const flags = new Map<string, FlagPerformance>();
    await rows.read('flags', still, (row) => flags.set(row[0], flagEntry(...row)));
    const ros = new Map<string, RoPerformance>();
    await rows.read('ros', still, (row) => ros.set(row[0], roEntry(...row)));

    const lists = new Map<string, ListEntry[]>();
    await rows.read('lists', still, (row) => {
      const [, subjectKind, subjectId, list, reason, fromMs, untilMs] = row;
      const e = listEntry(subjectKind, subjectId, list, reason, fromMs, untilMs);
      const key = `${subjectKind}\u0000${subjectId}`;
      const at = lists.get(key);
      if (at) at.push(e);
      else lists.set(key, [e]);
    });

    const vessels = new RecordPacker();
    const vesselKeys = { keys: new U32Builder(), records: new U32Builder() };
    await rows.read('vessels', still, (row) => {
      const [
        mmsi,
        imo,
        reg,
        nameZh,
        name,
        shipType,
        buildYear,
        draughtCm,
        companyId,
        grade,
        flag,
        roId,
        pscType,
        dangerousCargo,
        maxPersons,
        history,
      ] = row;
      if (mmsi < 0 || mmsi > NONE) return; // not an MMSI; the SQLite path still answers for it
      const rec = vessels.begin();
      vessels.u32(imo && imo > 0 && imo <= NONE ? imo : 0);
      vessels.str(reg);
      vessels.str(nameZh);
      vessels.str(name);
      vessels.u16(shipType !== null && shipType >= 0 && shipType < 0xffff ? shipType : 0xffff);
      vessels.u16(buildYear && buildYear > 0 && buildYear < 0xffff ? buildYear : 0);
      vessels.u16(draughtCm && draughtCm > 0 && draughtCm < 0xffff ? draughtCm : 0);
      vessels.u32(intern(companyId));
      vessels.u8(gradeCode(grade));
      vessels.u32(intern(flag));
      vessels.u32(intern(roId));
      vessels.u8(SHIP_KINDS.indexOf(pscType as (typeof SHIP_KINDS)[number]) + 1);
      vessels.u8(dangerousCargo === null ? 0 : dangerousCargo === 1 ? 2 : 1);
      vessels.u16(maxPersons && maxPersons > 0 && maxPersons < 0xffff ? maxPersons : 0);
      packHistory(vessels, history);
      vesselKeys.keys.push(mmsi);
      vesselKeys.records.push(rec);
    });

    const vehicles = new RecordPacker();
    const plateKeys = { keys: new U32Builder(), records: new U32Builder() };
    const terminalKeys = { keys: new U32Builder(), records: new U32Builder() };
    await rows.read('vehicles', still, (row) => {
      const [plate, colour, terminal, type, companyId, grade, hazmat, grossKg, history] = row;
      const rec = vehicles.begin();
      vehicles.str(plate);
      vehicles.u32(intern(colour));
      vehicles.str(terminal);
      vehicles.u32(intern(type));
      vehicles.u32(intern(companyId));
      vehicles.u8(gradeCode(grade));
      vehicles.u8(hazmat === 1 ? 1 : 0);
      vehicles.u32(grossKg && grossKg > 0 && grossKg < NONE ? grossKg : 0);
      packHistory(vehicles, history);
      plateKeys.keys.push(hash32(plate));
      plateKeys.records.push(rec);
      if (terminal) {
        terminalKeys.keys.push(hash32(terminal));
        terminalKeys.records.push(rec);
      }
    });

    return new CreditIndex({
      version,
      companies,
      flags,
      ros,
      strings,
      lists,
      vessels: vessels.finish(),
      vesselKeys: new KeyIndex(vesselKeys.keys, vesselKeys.records),
      vehicles: vehicles.finish(),
      plateKeys: new KeyIndex(plateKeys.keys, plateKeys.records),
      terminalKeys: new KeyIndex(terminalKeys.keys, terminalKeys.records),
    });
  } catch (err) {
    if (err instanceof Superseded) return null;
    throw err;
  }
}
