import type { Finding, Rule } from '../finding.js';

/** 36-month history, after Paris MoU Annex 7 (detentions), Tokyo MoU (deficient inspections) and USCG column IV (casualties, violations). */
export const history36m: Rule = ({ credit }) => {
  const h = credit.history;
  if (!h) return [];
  const out: Finding[] = [];
  if (h.detentions >= 1) {
    // Emitted from the first detention: policies price it from their own count (minUnits), and any
    // detention keeps a ship from the Paris and Tokyo low-risk profile.
    out.push({
      code: 'DETENTIONS_36M',
      units: h.detentions,
      text: `近36个月滞留 ${h.detentions} 次`,
      textEn: `${h.detentions} detentions in 36 months`,
      evidence: String(h.detentions),
    });
  }
  if (h.deficientInspections) {
    out.push({
      code: 'DEFICIENT_INSPECTIONS_36M',
      units: h.deficientInspections,
      text: `近36个月 ${h.deficientInspections} 次检查发现缺陷超过5项`,
      textEn: `${h.deficientInspections} inspections with more than 5 deficiencies in 36 months`,
      evidence: String(h.deficientInspections),
    });
  }
  if (h.inspections > 0 && h.deficiencies / h.inspections > 5) {
    out.push({
      code: 'DEFICIENCIES_36M',
      text: `近36个月检查平均缺陷 ${(h.deficiencies / h.inspections).toFixed(1)} 项`,
      textEn: 'more than 5 deficiencies per inspection in 36 months',
      evidence: `${h.deficiencies}/${h.inspections}`,
    });
  }
  if (h.penalties > 0) {
    out.push({
      code: 'PENALTIES_36M',
      units: h.penalties,
      text: `近36个月行政处罚 ${h.penalties} 次`,
      textEn: `${h.penalties} administrative penalties in 36 months`,
      evidence: String(h.penalties),
    });
  }
  if (h.accidents > 0) {
    out.push({
      code: 'ACCIDENTS_36M',
      units: h.accidents,
      text: `近36个月事故 ${h.accidents} 起`,
      textEn: `${h.accidents} accidents in 36 months`,
      evidence: String(h.accidents),
    });
  }
  if (h.inspections === 0) {
    // Unobserved is not the same as good (Tokyo MoU scores a company not inspected in 36 months).
    out.push({ code: 'NO_INSPECTION_36M', text: '近36个月无检查记录', textEn: 'no inspection in 36 months' });
  }
  return out;
};

const HIGH_RISK_SHIPTYPE = (t: number) => (t >= 80 && t <= 89) || (t >= 60 && t <= 69);
const HIGH_RISK_KINDS: ReadonlySet<string> = new Set([
  'oil-tanker',
  'chemical-tanker',
  'gas-carrier',
  'bulk-carrier',
  'passenger',
]);
const KIND_ZH: Record<string, string> = {
  'oil-tanker': '油船',
  'chemical-tanker': '化学品船',
  'gas-carrier': '液化气船',
  'bulk-carrier': '散货船',
  passenger: '客船',
};

/** Ship type and age: the PSC ship type when the snapshot names it, else the AIS type code. */
export const vesselParticulars: Rule = ({ track, credit, now }) => {
  if (track.kind !== 'vessel') return [];
  const out: Finding[] = [];
  const kind = credit.vessel?.pscType;
  const type = credit.vessel?.shipType ?? track.shiptype;
  if (kind !== undefined) {
    if (HIGH_RISK_KINDS.has(kind))
      out.push({
        code: 'SHIP_TYPE_HIGH_RISK',
        text: KIND_ZH[kind] as string,
        textEn: 'high-risk ship type',
        evidence: kind,
      });
    // Tokyo MoU counts container ships as a risk type from 2018; AIS cannot tell them from other cargo ships.
    if (kind === 'container')
      out.push({ code: 'SHIP_TYPE_CONTAINER', text: '集装箱船', textEn: 'container ship', evidence: kind });
  } else if (type !== null && type !== undefined && HIGH_RISK_SHIPTYPE(type)) {
    out.push({
      code: 'SHIP_TYPE_HIGH_RISK',
      text: type >= 80 ? '油船/化学品船等液货船' : '客船',
      textEn: 'high-risk ship type',
      evidence: `AIS ${type}`,
    });
  }
  const built = credit.vessel?.buildYear;
  const age = built ? new Date(now).getUTCFullYear() - built : null;
  if (age !== null && age > 12) {
    out.push({
      code: 'SHIP_AGE_OVER_12',
      text: `船龄 ${age} 年`,
      textEn: `ship age ${age} years`,
      evidence: String(built),
    });
  }
  return out;
};
