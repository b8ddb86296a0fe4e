import type { Rule } from '../finding.js';

/** Signals the track stage raised during this passage (went dark, jumps, duplicates, identity, speeding), as live findings. */
export const trackSignals: Rule = ({ track }) =>
  Object.values(track.signals).map((s) => ({
    code: s.code,
    live: true,
    text: s.count > 1 ? `${s.text}（${s.count} 次）` : s.text,
    textEn: s.count > 1 ? `${s.textEn} (${s.count} times)` : s.textEn,
    evidence: s.evidence,
  }));

/**
 * The vessel's draught is deeper than the maximum on record: a sign of overloading. A gauge's
 * measurement at the checkpoint outranks the draught the crew keys into AIS.
 */
export const draughtOverMax: Rule = ({ track, credit }) => {
  const max = credit.vessel?.maxDraughtM;
  if (track.kind !== 'vessel' || !max) return [];
  const measured = track.sighting?.draughtM ?? null;
  const draught = measured ?? track.draught;
  if (draught === null || draught <= max) return [];
  const [zh, en] = measured !== null ? ['实测吃水', 'measured draught'] : ['AIS吃水', 'broadcast draught'];
  return [
    {
      code: 'DRAUGHT_OVER_MAX',
      live: true,
      text: `${zh} ${draught.toFixed(1)} 米，超过核定最大吃水 ${max.toFixed(1)} 米，疑似超载`,
      textEn: `${en} ${draught.toFixed(1)} m exceeds the recorded maximum ${max.toFixed(1)} m`,
      evidence: `${measured !== null ? `${track.sighting?.station}: ` : ''}${draught.toFixed(1)} m > ${max.toFixed(1)} m`,
    },
  ];
};
