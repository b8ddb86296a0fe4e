import type { Rule } from '../finding.js';

/** Signals the track stage raised during this passage (went dark, jumps, duplicates, identity, speeding), as live findings. */
export const trackSignals: Rule = ({ track }) => Object.values(track.signals).map((s) => ({
  code: s.code,
  live: true,
  text: s.count > 1 ? `${s.text}（${s.count} 次）` : s.text,
  textEn: s.count > 1 ? `${s.textEn} (${s.count} times)` : s.textEn,
  evidence: s.evidence,
}));

/** The draught the vessel broadcasts is deeper than the maximum on record: a sign of overloading. */
export const draughtOverMax: Rule = ({ track, credit }) => {
  const max = credit.vessel?.maxDraughtM;
  if (track.kind !== 'vessel' || track.draught === null || !max || track.draught <= max) return [];
  return [{
    code: 'DRAUGHT_OVER_MAX', live: true,
    text: `AIS吃水 ${track.draught.toFixed(1)} 米，超过核定最大吃水 ${max.toFixed(1)} 米，疑似超载`,
    textEn: `broadcast draught ${track.draught.toFixed(1)} m exceeds the recorded maximum ${max.toFixed(1)} m`,
    evidence: `${track.draught.toFixed(1)} m > ${max.toFixed(1)} m`,
  }];
};
