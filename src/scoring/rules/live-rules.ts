import { ALARM_NAMES, alarmFactor } from '../../domain/factors.js';
import type { Rule } from '../finding.js';

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
