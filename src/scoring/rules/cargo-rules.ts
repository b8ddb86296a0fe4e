import { inForce } from '../../domain/credit.js';
import { coversClass } from '../../domain/driver-id.js';
import type { Finding, Rule } from '../finding.js';
import { cargoClasses } from './waybill-un-rules.js';

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * What the waybills in force carry against what the vehicle's road transport certificate and the
 * driver's qualification allow (危险货物道路运输安全管理办法: vehicle and personnel qualified for the
 * class carried). The cargo's classes are the declared one and the one the dangerous goods list gives
 * its UN number (waybill-un-rules.ts). A certificate that states no classes is not judged; a driver
 * the terminal did not report is not judged.
 */
export const cargoQualification: Rule = ({ track, credit, now }) => {
  if (track.kind !== 'vehicle') return [];
  const cargo = (credit.documents?.waybills ?? [])
    .filter((w) => inForce(w, now))
    .flatMap((w) => cargoClasses(w).map((hazardClass) => ({ ...w, hazardClass })));
  const out: Finding[] = [];
  const vehicleClasses = credit.documents?.hazardClasses ?? [];
  const notVehicle =
    vehicleClasses.length === 0 ? [] : cargo.filter((w) => !coversClass(vehicleClasses, w.hazardClass));
  if (notVehicle.length > 0) {
    const list = notVehicle.map((w) => `${w.unNumber} 第${w.hazardClass}类`).join('、');
    const listEn = notVehicle.map((w) => `${w.unNumber} class ${w.hazardClass}`).join(', ');
    const classes = vehicleClasses.join(',');
    out.push({
      code: 'CARGO_CLASS_NOT_PERMITTED',
      live: true,
      text: `运单货物（${list}）超出车辆道路运输证经营范围（${classes} 类）`,
      textEn: `cargo ${listEn} outside the vehicle's certificate (classes ${classes})`,
      evidence: notVehicle.map((w) => `${w.id}: ${w.unNumber}/${w.hazardClass}`).join('; '),
    });
  }
  if (credit.driver === undefined || track.driver === null) return out;
  const who = track.driver.masked;
  const driver = credit.driver;
  let why: [string, string, string] | null = null;
  if (driver === null)
    why = [
      `驾驶员 ${who} 不在从业资格库中`,
      `driver ${who} is not on the qualification register`,
      `${who}: not on record`,
    ];
  else if (driver.validUntil < now)
    why = [
      `驾驶员 ${who} 从业资格证已于 ${day(driver.validUntil)} 过期`,
      `driver ${who}'s qualification expired on ${day(driver.validUntil)}`,
      `${who}: –${day(driver.validUntil)}`,
    ];
  else if (driver.classes.length === 0 && cargo.length > 0)
    why = [`驾驶员 ${who} 无危险货物运输从业资格`, `driver ${who} holds no hazmat qualification`, `${who}: ∅`];
  else {
    const uncovered = cargo.filter((w) => !coversClass(driver.classes, w.hazardClass));
    if (uncovered.length > 0) {
      const classes = uncovered.map((w) => w.hazardClass).join(',');
      why = [
        `驾驶员 ${who} 资格不含第${classes}类危险货物`,
        `driver ${who} is not qualified for class ${classes}`,
        `${who}: ${driver.classes.join(',')} ∌ ${classes}`,
      ];
    }
  }
  if (why) out.push({ code: 'DRIVER_UNQUALIFIED', live: true, text: why[0], textEn: why[1], evidence: why[2] });
  return out;
};
