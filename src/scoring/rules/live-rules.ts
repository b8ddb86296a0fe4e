import type { Rule } from '../finding.js';

/** Alarm codes from device profiles (JT/T 808 alarm bits, DSM events) and how officers read them. */
export const ALARM_NAMES: Record<string, string> = {
  emergency: '紧急报警',
  rollover: '侧翻预警',
  collision: '碰撞预警',
  'tank-leak': '罐体泄漏',
  'tank-overpressure': '罐体超压',
  'tank-overheat': '罐体温度过高',
  'valve-fault': '卸料阀故障',
  'route-deviation': '偏离路线',
  fatigue: '疲劳驾驶',
  overspeed: '超速',
  'area-entry': '进出禁行区域',
  'driving-time-exceeded': '当天累计驾驶超时',
  'dsm-fatigue': '驾驶员疲劳（DSM）',
  'dsm-phone': '驾驶中接打电话（DSM）',
  'dsm-smoking': '驾驶中抽烟（DSM）',
  'dsm-distraction': '驾驶员分神（DSM）',
  'bay-gas-leak': '装卸区可燃气体泄漏',
  'bay-esd': '装卸紧急切断',
  'tank-overfill': '充装超量',
};

/** The factor code of an alarm; alarms a policy does not name fall back to ALARM_OTHER. */
export const alarmFactor = (alarm: string) => `ALARM_${alarm.toUpperCase().replace(/-/g, '_')}`;

export const liveAlarms: Rule = ({ track }) => {
  if (track.kind !== 'vehicle') return [];
  return Object.entries(track.alarmsSeen).map(([code, since]) => {
    const active = track.activeAlarms.includes(code);
    return {
      code: alarmFactor(code),
      live: true,
      text: `${ALARM_NAMES[code] ?? `设备报警 ${code}`}${active ? '（持续中）' : ''}`,
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
  return [
    {
      code: 'IDENTITY_MISMATCH',
      live: true,
      text: `AIS船名“${track.shipname}”与登记船名“${credit.vessel.name}”不符`,
      textEn: 'broadcast name differs from the registered name',
      evidence: `${track.shipname} / ${credit.vessel.name}`,
    },
  ];
};

/** The MMSI is not on record but the IMO number or the broadcast name is: scored with that vessel's credit, and flagged. */
export const unregisteredMmsi: Rule = ({ track, credit }) => {
  if (track.kind !== 'vessel' || !credit.identity) return [];
  const { matchedBy, registeredMmsi } = credit.identity;
  const by = matchedBy === 'imo' ? `IMO ${track.imo}` : `船名 ${track.shipname}`;
  return [
    {
      code: 'IDENTITY_MMSI_UNREGISTERED',
      live: true,
      text: `AIS MMSI ${track.mmsi} 未登记，${by} 对应登记船舶（MMSI ${registeredMmsi}）`,
      textEn: `MMSI ${track.mmsi} not on record; ${matchedBy} matches registered vessel ${registeredMmsi}`,
      evidence: `${track.mmsi} / ${registeredMmsi}`,
    },
  ];
};
