import type { Finding, Rule } from '../finding.js';

interface AlarmClass {
  points: number;
  effect?: Finding['effect'];
  zh: string;
}

/**
 * JT/T 808 alarm bits and DSM events by consequence. Critical ones are overriding factors
 * (Paris 2A "involved in an accident"), serious ones unexpected factors (Paris 2B, FMCSA unsafe driving).
 */
export const ALARMS: Record<string, AlarmClass> = {
  emergency: { points: 40, effect: 'overriding', zh: '紧急报警' },
  rollover: { points: 40, effect: 'overriding', zh: '侧翻预警' },
  collision: { points: 40, effect: 'overriding', zh: '碰撞预警' },
  'tank-leak': { points: 40, effect: 'overriding', zh: '罐体泄漏' },
  'route-deviation': { points: 20, effect: 'unexpected', zh: '偏离路线' },
  fatigue: { points: 20, effect: 'unexpected', zh: '疲劳驾驶' },
  overspeed: { points: 20, effect: 'unexpected', zh: '超速' },
  'area-entry': { points: 15, effect: 'unexpected', zh: '进出禁行区域' },
  'driving-time-exceeded': { points: 15, effect: 'unexpected', zh: '当天累计驾驶超时' },
  'dsm-fatigue': { points: 15, effect: 'unexpected', zh: '驾驶员疲劳（DSM）' },
  'dsm-phone': { points: 10, zh: '驾驶中接打电话（DSM）' },
  'dsm-smoking': { points: 10, zh: '驾驶中抽烟（DSM）' },
  'dsm-distraction': { points: 10, zh: '驾驶员分神（DSM）' },
};
const UNKNOWN_ALARM: AlarmClass = { points: 10, zh: '设备报警' };

export const liveAlarms: Rule = ({ track }) => {
  if (track.kind !== 'vehicle') return [];
  return Object.entries(track.alarmsSeen).map(([code, since]) => {
    const c = ALARMS[code] ?? UNKNOWN_ALARM;
    const active = track.activeAlarms.includes(code);
    return {
      code: `ALARM_${code.toUpperCase().replace(/-/g, '_')}`,
      points: c.points,
      ...(c.effect && { effect: c.effect }),
      live: true,
      text: `${c.zh}${active ? '（持续中）' : ''}`,
      textEn: `alarm ${code}${active ? ' (active)' : ''}`,
      evidence: new Date(since).toISOString(),
    };
  });
};

const norm = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** The name a vessel broadcasts differs from the one on record: a possible identity fraud. */
export const identityMismatch: Rule = ({ track, credit }) => {
  if (track.kind !== 'vessel' || !track.shipname || !credit.vessel?.name) return [];
  if (norm(track.shipname) === norm(credit.vessel.name)) return [];
  return [{
    code: 'IDENTITY_MISMATCH', points: 15, effect: 'unexpected', live: true,
    text: `AIS船名“${track.shipname}”与登记船名“${credit.vessel.name}”不符`,
    textEn: 'broadcast name differs from the registered name',
    evidence: `${track.shipname} / ${credit.vessel.name}`,
  }];
};

/** The MMSI is not on record but the IMO number or the broadcast name is: scored with that vessel's credit, and flagged. */
export const unregisteredMmsi: Rule = ({ track, credit }) => {
  if (track.kind !== 'vessel' || !credit.identity) return [];
  const { matchedBy, registeredMmsi } = credit.identity;
  const by = matchedBy === 'imo' ? `IMO ${track.imo}` : `船名 ${track.shipname}`;
  return [{
    code: 'IDENTITY_MMSI_UNREGISTERED', points: 15, effect: 'unexpected', live: true,
    text: `AIS MMSI ${track.mmsi} 未登记，${by} 对应登记船舶（MMSI ${registeredMmsi}）`,
    textEn: `MMSI ${track.mmsi} not on record; ${matchedBy} matches registered vessel ${registeredMmsi}`,
    evidence: `${track.mmsi} / ${registeredMmsi}`,
  }];
};
