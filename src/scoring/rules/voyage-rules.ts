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

/**
 * The share of the certificate's maximum draught above which a hull is laden. An inland cargo
 * vessel floats empty at well under half its loaded draught (its light draught, with ballast); one
 * at four fifths of its maximum is carrying cargo whatever it says.
 */
export const LADEN_DRAUGHT_SHARE = 0.8;

/**
 * A vessel that reports itself unloaded on Inland AIS (load state 2) while it floats at or near the
 * maximum draught on its certificate: the loaded state it declares contradicts the hull, a sign of
 * undeclared cargo. A gauge's measurement outranks the draught the crew keys in.
 */
export const loadStateAgainstDraught: Rule = ({ track, credit }) => {
  if (track.kind !== 'vessel' || track.voyage?.loadState !== 2) return [];
  const max = credit.vessel?.maxDraughtM;
  const measured = track.sighting?.draughtM ?? null;
  const draught = measured ?? track.draught;
  if (!max || draught === null || draught < LADEN_DRAUGHT_SHARE * max) return [];
  const source = measured !== null ? `${track.sighting?.station}` : 'AIS';
  const [zh, en] = measured !== null ? ['实测吃水', 'measured draught'] : ['AIS吃水', 'broadcast draught'];
  const [d, m, share] = [draught.toFixed(1), max.toFixed(1), Math.round((100 * draught) / max)];
  return [
    {
      code: 'LOAD_STATE_CONTRADICTED',
      live: true,
      text: `AIS 报告空载，但${zh} ${d} 米已达核定最大吃水 ${m} 米的 ${share}%`,
      textEn: `reports unloaded on AIS at a ${en} of ${d} m, ${share}% of the recorded maximum ${m} m`,
      evidence: `AIS 200/10: loaded=2; ${source}: ${d} m ≥ ${LADEN_DRAUGHT_SHARE} × ${m} m`,
    },
  ];
};
