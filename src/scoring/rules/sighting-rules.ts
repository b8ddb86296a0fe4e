import type { Rule } from '../finding.js';

/** A gauge reading this much deeper than the draught the vessel broadcasts is a misreport, not rounding or trim. */
export const DRAUGHT_MISREPORT_M = 0.5;

const m = (x: number) => x.toFixed(1);

/** Names compare without case, spaces or punctuation, in any script. */
const key = (name: string) => name.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * A vessel that a checkpoint device saw but AIS never heard: the vessel is at the gate with its
 * transponder off, or with none fitted.
 */
export const aisNotSeen: Rule = ({ track }) => {
  if (track.kind !== 'vessel' || track.aisHeard || !track.sighting) return [];
  const s = track.sighting;
  const who = s.hullName ?? (track.mmsi ? `MMSI ${track.mmsi}` : '');
  return [
    {
      code: 'AIS_NOT_SEEN',
      live: true,
      text: `卡口设备 ${s.station} 识别到船舶“${who}”，但未收到其AIS信号`,
      textEn: `checkpoint device ${s.station} saw ${who}, but no AIS was heard from it`,
      evidence: `${s.profile}/${s.station} @${new Date(s.at).toISOString()}`,
    },
  ];
};

/**
 * The name painted on the hull is none of the names the vessel goes by: not the one it broadcasts,
 * not the Latin or Chinese name on record. The classic sign of a vessel sailing under another's identity.
 */
export const hullNameMismatch: Rule = ({ track, credit }) => {
  const read = track.kind === 'vessel' ? track.sighting?.hullName : null;
  if (track.kind !== 'vessel' || !read) return [];
  const known = [track.aisHeard ? track.shipname : null, credit.vessel?.name, credit.vessel?.nameZh].filter(
    (n): n is string => !!n,
  );
  if (known.length === 0 || known.some((n) => key(n) === key(read))) return [];
  return [
    {
      code: 'HULL_NAME_MISMATCH',
      live: true,
      text: `船名识别“${read}”与AIS/登记船名（${known.join(' / ')}）不符`,
      textEn: `hull name read as ${read}, but the vessel goes by ${known.join(' / ')}`,
      evidence: `${track.sighting?.station}: ${read} ≠ ${known.join(' / ')}`,
    },
  ];
};

/** A gauge at the checkpoint measured deeper than the draught the vessel declares on AIS: hiding a load. */
export const draughtMisreported: Rule = ({ track }) => {
  if (track.kind !== 'vessel' || track.draught === null || track.draught <= 0) return [];
  const measured = track.sighting?.draughtM;
  if (measured === null || measured === undefined || measured - track.draught <= DRAUGHT_MISREPORT_M) return [];
  return [
    {
      code: 'DRAUGHT_MISREPORTED',
      live: true,
      text: `实测吃水 ${m(measured)} 米，AIS申报吃水 ${m(track.draught)} 米，申报不实`,
      textEn: `measured draught ${m(measured)} m against ${m(track.draught)} m broadcast on AIS`,
      evidence: `${track.sighting?.station}: ${m(measured)} m − ${m(track.draught)} m > ${DRAUGHT_MISREPORT_M} m`,
    },
  ];
};
