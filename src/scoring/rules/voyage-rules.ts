import type { Finding, Rule } from '../finding.js';

const time = (t: number) => new Date(t).toISOString().slice(11, 16);
const CONES_ZH = (n: number) => (n === 4 ? 'B 旗' : `${n} 个蓝锥/蓝灯`);
const CONES_EN = (n: number) => (n === 4 ? 'a B-flag' : `${n} blue cone${n === 1 ? '' : 's'} or lights`);

/**
 * What a vessel signals of its cargo against what it declared (Inland AIS blue cones, ADN 7.1.5
 * and 7.2.5: one to three cones or lights for dangerous goods, a B-flag on the Rhine): cones
 * shown with no dangerous cargo declared, or dangerous cargo declared with none shown. Either is
 * a misdeclaration of dangerous goods, live for the passage.
 */
export const conesAgainstDeclaration: Rule = ({ track, credit }) => {
  if (track.kind !== 'vessel') return [];
  const cones = track.voyage?.blueCones ?? null;
  const declared = credit.vessel?.dangerousCargo;
  if (cones === null || declared === undefined) return [];
  const at = time(track.voyage?.blueConesAt ?? track.lastSeen);
  if (cones > 0 && !declared)
    return [
      {
        code: 'CONES_UNDECLARED',
        live: true,
        text: `AIS 显示${CONES_ZH(cones)}，但未申报载运危险货物`,
        textEn: `shows ${CONES_EN(cones)} on AIS with no dangerous cargo declared`,
        evidence: `AIS 200/10 ${at}: hazard=${cones}; dangerous_cargo=false`,
      },
    ];
  if (cones === 0 && declared)
    return [
      {
        code: 'CONES_NOT_SHOWN',
        live: true,
        text: '已申报载运危险货物，但 AIS 未显示蓝锥/蓝灯',
        textEn: 'dangerous cargo declared, no blue cones or lights shown on AIS',
        evidence: `AIS 200/10 ${at}: hazard=0; dangerous_cargo=true`,
      },
    ];
  return [];
};

/** More persons on board than the safety certificate allows (超员), as the vessel itself reports them. */
export const personsOverCertificate: Rule = ({ track, credit }) => {
  if (track.kind !== 'vessel') return [];
  const persons = track.voyage?.persons ?? null;
  const allowed = credit.vessel?.maxPersons;
  if (persons === null || !allowed || persons <= allowed) return [];
  const finding: Finding = {
    code: 'PERSONS_OVER_CERTIFICATE',
    live: true,
    text: `AIS 报告船上 ${persons} 人，超过证书核定 ${allowed} 人`,
    textEn: `${persons} persons on board reported, the certificate allows ${allowed}`,
    evidence: `AIS ${time(track.voyage?.personsAt ?? track.lastSeen)}: ${persons} > ${allowed}`,
  };
  return [finding];
};
