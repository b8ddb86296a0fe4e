/** Live signal codes the track stage raises; each is also a factor code of the targeting policy. */
export type SignalCode =
  | 'AIS_WENT_DARK'
  | 'AIS_POSITION_JUMP'
  | 'AIS_DUPLICATE_MMSI'
  | 'AIS_INVALID_MMSI'
  | 'AIS_IDENTITY_CHANGED'
  | 'AIS_SPEEDING_ZONE'
  | 'PLATE_CLONED'
  | 'PLATE_MISMATCH';

export const SIGNAL_CODES: readonly SignalCode[] = [
  'AIS_WENT_DARK',
  'AIS_POSITION_JUMP',
  'AIS_DUPLICATE_MMSI',
  'AIS_INVALID_MMSI',
  'AIS_IDENTITY_CHANGED',
  'AIS_SPEEDING_ZONE',
  'PLATE_CLONED',
  'PLATE_MISMATCH',
];

/** How officers read each signal when it arrives without its own wording (kakou score input). */
export const SIGNAL_TEXT: Record<SignalCode, readonly [string, string]> = {
  AIS_WENT_DARK: ['卡口附近AIS信号中断', 'AIS went dark near the checkpoint'],
  AIS_POSITION_JUMP: ['船位跳变，不可能的航速', 'impossible position jump'],
  AIS_DUPLICATE_MMSI: ['同一MMSI同时出现在两处', 'one MMSI at two places'],
  AIS_INVALID_MMSI: ['MMSI无效或为测试号码', 'invalid or test MMSI'],
  AIS_IDENTITY_CHANGED: ['航行中AIS身份信息变更', 'identity changed in static data'],
  AIS_SPEEDING_ZONE: ['在限速区超速', 'speeding in a speed-limit zone'],
  PLATE_CLONED: [
    '同一车牌同时出现在相距过远的两处（疑似套牌）',
    'one plate at two places too far apart (cloned plate)',
  ],
  PLATE_MISMATCH: ['车载终端上报车牌与卡口识别车牌不符', 'terminal reports another plate than the gate camera read'],
};

/** Something a target did during this passage, with the evidence an officer can check. */
export interface TrackSignal {
  code: SignalCode;
  /** First and latest time it was seen (ms). */
  since: number;
  at: number;
  count: number;
  evidence: string;
  text: string;
  textEn: string;
}

export type TrackSignals = Partial<Record<SignalCode, TrackSignal>>;
