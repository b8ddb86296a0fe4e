import { type Waybill, inForce } from '../../domain/credit.js';
import {
  dangerousGoods,
  declares,
  divisionOf,
  DANGEROUS_GOODS_SOURCE,
  type DangerousGoodsEntry,
} from '../dangerous-goods/list.js';
import type { Finding, Rule } from '../finding.js';

const unique = (xs: readonly string[]) => [...new Set(xs)];

/** What the dangerous goods list says of a waybill's UN number, against the class the waybill declares. */
export interface WaybillGoods {
  entries: readonly DangerousGoodsEntry[];
  /** The entries the declared class fits; empty with entries found is a misdeclared class. */
  fitting: readonly DangerousGoodsEntry[];
}

export function waybillGoods(w: Pick<Waybill, 'unNumber' | 'hazardClass'>): WaybillGoods {
  const entries = dangerousGoods().lookup(w.unNumber);
  return { entries, fitting: entries.filter((e) => declares(e, w.hazardClass)) };
}

/**
 * The classes a waybill's cargo is carried under: the declared one and, when the list gives its UN
 * number another class, that one too, so a misdeclared class cannot slip past the certificate.
 */
export function cargoClasses(w: Pick<Waybill, 'unNumber' | 'hazardClass'>): string[] {
  const g = waybillGoods(w);
  const declared = w.hazardClass.trim() === '' ? [] : [w.hazardClass.trim()];
  if (g.entries.length === 0 || g.fitting.length > 0) return declared;
  return unique([...declared, ...g.entries.filter((e) => e.carriage === 'allowed').map(divisionOf)]);
}

const groups = (es: readonly DangerousGoodsEntry[]) => unique(es.map((e) => e.packingGroup ?? '–')).join('/');
const listed = (es: readonly DangerousGoodsEntry[]) =>
  unique(es.map((e) => `${divisionOf(e)} ${e.code} PG ${groups(es.filter((x) => divisionOf(x) === divisionOf(e)))}`));

/**
 * The UN number of each waybill in force against the dangerous goods list (危险货物道路运输安全管理办法
 * 2019: the consignor classifies the goods by JT/T 617 and states their UN number; JT/T 617.3 / ADR
 * Table A gives each UN number its class): a number the list does not have, a class the list does not
 * give the number, and a number whose carriage by road is prohibited are each a finding with the
 * waybill as evidence.
 */
export const waybillUnChecks: Rule = ({ track, credit, now }) => {
  if (track.kind !== 'vehicle' || !credit.documents) return [];
  const unknown: Waybill[] = [];
  const mismatched: Array<{ w: Waybill; g: WaybillGoods }> = [];
  const prohibited: Array<{ w: Waybill; e: DangerousGoodsEntry }> = [];
  for (const w of credit.documents.waybills) {
    if (!inForce(w, now)) continue;
    const g = waybillGoods(w);
    if (g.entries.length === 0) unknown.push(w);
    else if (g.fitting.length === 0) mismatched.push({ w, g });
    // Prohibited when every entry the waybill can mean is (UN 1798 has one; others share a number with allowed ones).
    const meant = g.fitting.length > 0 ? g.fitting : g.entries;
    if (meant.length > 0 && meant.every((e) => e.carriage === 'prohibited'))
      prohibited.push({ w, e: meant[0] as DangerousGoodsEntry });
  }
  const out: Finding[] = [];
  if (unknown.length > 0) {
    const nums = unknown.map((w) => w.unNumber || '—').join('、');
    out.push({
      code: 'WAYBILL_UN_UNKNOWN',
      live: true,
      text: `运单 UN 编号 ${nums} 不在危险货物品名表中`,
      textEn: `waybill UN number ${unknown.map((w) => w.unNumber || '(none)').join(', ')} is not in the dangerous goods list`,
      evidence: unknown.map((w) => `${w.id}: ${w.unNumber || '—'} ∉ ${DANGEROUS_GOODS_SOURCE}`).join('; '),
    });
  }
  if (mismatched.length > 0) {
    const table = (g: WaybillGoods) => unique(g.entries.map(divisionOf)).join('/');
    const name = (g: WaybillGoods) => (g.entries[0] as DangerousGoodsEntry).name;
    out.push({
      code: 'WAYBILL_UN_CLASS_MISMATCH',
      live: true,
      text: mismatched
        .map(({ w, g }) => `运单 ${w.id} 申报 ${w.unNumber} 为第${w.hazardClass || '—'}类，品名表为第${table(g)}类`)
        .join('；'),
      textEn: mismatched
        .map(
          ({ w, g }) =>
            `waybill ${w.id} declares ${w.unNumber} as class ${w.hazardClass || '(none)'}; ` +
            `the dangerous goods list has class ${table(g)} (${name(g)})`,
        )
        .join('; '),
      evidence: mismatched
        .map(
          ({ w, g }) => `${w.id}: ${w.unNumber}/${w.hazardClass || '—'} ≠ ${listed(g.entries).join(', ')} ${name(g)}`,
        )
        .join('; '),
    });
  }
  if (prohibited.length > 0)
    out.push({
      code: 'WAYBILL_UN_PROHIBITED',
      live: true,
      text: `运单货物 ${prohibited.map(({ w }) => w.unNumber).join('、')} 禁止道路运输`,
      textEn: `${prohibited.map(({ w }) => w.unNumber).join(', ')}: carriage by road prohibited`,
      evidence: prohibited.map(({ w, e }) => `${w.id}: ${w.unNumber} ${e.name}: carriage prohibited`).join('; '),
    });
  return out;
};
