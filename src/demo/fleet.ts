import type { CreditGrade, History36m } from '../domain/credit.js';
import { prng } from '../domain/prng.js';
import { H, ORDINARY_COMPANIES } from './fleet-common.js';

/**
 * The demo's vessels and vehicles around a canal checkpoint in Jiaxing, Zhejiang. Hand-written
 * cases cover every rule (black list, key attention, identity mismatch, live alarms); the rest
 * are generated from a fixed seed so the random draws have a realistic population to work on.
 */
export interface DemoCompany {
  id: string;
  name: string;
  grade: CreditGrade;
  list?: { list: 'red' | 'black' | 'key-attention'; reason: string };
}

export interface DemoVessel {
  mmsi: number;
  imo: number;
  nameZh: string;
  /** Name as broadcast over AIS (pinyin, upper case). */
  aisName: string;
  /** Name on record, when it differs from the broadcast one. */
  registeredName?: string;
  callsign: string;
  shipType: number;
  buildYear: number;
  lengthM: number;
  /** Draught broadcast over AIS (metres). */
  draught: number;
  /** Maximum draught on record, when not the broadcast draught plus half a metre. */
  maxDraughtM?: number;
  companyId: string;
  grade?: CreditGrade;
  history: History36m;
  classB?: boolean;
  list?: { list: 'red' | 'black' | 'key-attention'; reason: string };
  /** Not in the credit snapshot at all. */
  unregistered?: boolean;
  /** Fixed speed through the water (knots); otherwise 4 to 7.5 kn. */
  speedKn?: number;
  /**
   * Scripted AIS misbehaviour: falls silent on the approach to the checkpoint, broadcasts a
   * spoofed position now and then, swaps its broadcast name, or shares its MMSI with a clone.
   */
  behaviour?: 'dark-on-approach' | 'position-glitch' | 'identity-swap' | 'cloned';
  /** The name painted on the hull, when it is not the vessel's own (a vessel under another's identity). */
  hullName?: string;
  /** Sails without AIS: only the hull-name camera at the checkpoint sees it. */
  noAis?: boolean;
  /**
   * An inland vessel's Inland AIS voyage data (DAC 200 FID 10): its ENI and the blue cones it
   * shows, against whether it declared dangerous cargo in the snapshot.
   */
  inland?: { eni: string; blueCones: number; declaredDangerous: boolean };
}

export const COMPANIES: DemoCompany[] = [
  {
    id: 'C330400001',
    name: '浙江嘉运航运有限公司',
    grade: 'AA',
    list: { list: 'red', reason: '连续三年信用评价AA级' },
  },
  { id: 'C330400002', name: '嘉兴港航物流有限公司', grade: 'A' },
  { id: 'C330500003', name: '湖州顺达水运有限公司', grade: 'B' },
  { id: 'C330100004', name: '杭州恒通船务有限公司', grade: 'C' },
  { id: 'C330200005', name: '宁波安泰危险品运输有限公司', grade: 'A' },
  { id: 'C330600006', name: '绍兴越达化工物流有限公司', grade: 'B' },
  {
    id: 'C330300007',
    name: '温州速达运输有限公司',
    grade: 'D',
    list: { list: 'black', reason: '危险货物运输重大安全事故责任单位' },
  },
  {
    id: 'C330900008',
    name: '舟山宏远海运有限公司',
    grade: 'B',
    list: { list: 'key-attention', reason: '一年内两次安全检查滞留' },
  },
];

const SPECIAL_VESSELS: DemoVessel[] = [
  {
    mmsi: 413800101,
    imo: 0,
    nameZh: '浙嘉兴货0101',
    aisName: 'ZHEJIAXINGHUO0101',
    callsign: 'BJX101',
    shipType: 70,
    buildYear: 2019,
    lengthM: 55,
    draught: 3.2,
    maxDraughtM: 2.8,
    companyId: 'C330400001',
    grade: 'AA',
    history: H(3, 2, 0),
  },
  {
    mmsi: 413800102,
    imo: 0,
    nameZh: '浙湖州货0102',
    aisName: 'ZHEHUZHOUHUO0102',
    callsign: 'BHZ102',
    shipType: 70,
    buildYear: 2006,
    lengthM: 48,
    draught: 2.9,
    companyId: 'C330500003',
    grade: 'D',
    history: H(4, 31, 2, 2, 1),
    list: { list: 'black', reason: '伪造船舶检验证书' },
  },
  {
    mmsi: 413800103,
    imo: 0,
    nameZh: '浙杭州油0103',
    aisName: 'ZHEHANGZHOUYOU0103',
    callsign: 'BHZ103',
    shipType: 80,
    buildYear: 2008,
    lengthM: 62,
    draught: 3.6,
    companyId: 'C330100004',
    history: H(2, 9, 1, 1),
    behaviour: 'position-glitch',
  },
  {
    mmsi: 413800104,
    imo: 0,
    nameZh: '浙舟山货0104',
    aisName: 'ZHEZHOUSHANHUO0104',
    callsign: 'BZS104',
    shipType: 70,
    buildYear: 2015,
    lengthM: 58,
    draught: 3.1,
    companyId: 'C330900008',
    history: H(5, 12, 2),
    behaviour: 'dark-on-approach',
    speedKn: 7,
  },
  {
    mmsi: 413800105,
    imo: 0,
    nameZh: '浙嘉兴货0105',
    aisName: 'ZHEJIAXINGHUO0150',
    registeredName: 'ZHEJIAXINGHUO0105',
    callsign: 'BJX105',
    shipType: 70,
    buildYear: 2017,
    lengthM: 50,
    draught: 3.0,
    companyId: 'C330400002',
    history: H(2, 3, 0),
  },
  {
    mmsi: 413800106,
    imo: 0,
    nameZh: '苏无锡货0106',
    aisName: 'SUWUXIHUO0106',
    callsign: 'BWX106',
    shipType: 70,
    buildYear: 2011,
    lengthM: 45,
    draught: 2.7,
    companyId: 'X',
    history: H(0, 0, 0),
    unregistered: true,
    speedKn: 11,
  },
  {
    mmsi: 413800107,
    imo: 9612345,
    nameZh: '浙宁波化0107',
    aisName: 'ZHENINGBOHUA0107',
    callsign: 'BNB107',
    shipType: 81,
    buildYear: 2009,
    lengthM: 78,
    draught: 4.4,
    companyId: 'C330200005',
    history: H(3, 8, 0, 1),
    behaviour: 'cloned',
  },
  {
    mmsi: 413800108,
    imo: 0,
    nameZh: '浙嘉兴客0108',
    aisName: 'ZHEJIAXINGKE0108',
    callsign: 'BJX108',
    shipType: 60,
    buildYear: 2012,
    lengthM: 32,
    draught: 1.6,
    companyId: 'C330400002',
    history: H(6, 4, 0),
    behaviour: 'identity-swap',
  },
  {
    mmsi: 413800109,
    imo: 0,
    nameZh: '浙嘉兴货0109',
    aisName: 'ZHEJIAXINGHUO0109',
    hullName: '浙湖州货0199',
    callsign: 'BJX109',
    shipType: 70,
    buildYear: 2013,
    lengthM: 46,
    draught: 2.6,
    companyId: 'C330500003',
    history: H(2, 5, 0),
  },
  {
    mmsi: 413800110,
    imo: 0,
    nameZh: '浙湖州货0110',
    aisName: 'ZHEHUZHOUHUO0110',
    callsign: 'BHZ110',
    shipType: 70,
    buildYear: 2010,
    lengthM: 40,
    draught: 2.4,
    companyId: 'C330500003',
    history: H(1, 4, 0),
    noAis: true,
  },
  {
    // Shows two blue cones on Inland AIS with no dangerous cargo declared.
    mmsi: 413800111,
    imo: 0,
    nameZh: '浙嘉兴油0111',
    aisName: 'ZHEJIAXINGYOU0111',
    callsign: 'BJX111',
    shipType: 80,
    buildYear: 2015,
    lengthM: 65,
    draught: 2.6,
    companyId: 'C330400001',
    history: H(2, 3, 0),
    inland: { eni: '04100111', blueCones: 2, declaredDangerous: false },
  },
  {
    mmsi: 123456789,
    imo: 0,
    nameZh: '未知船舶',
    aisName: 'TEST',
    callsign: '',
    shipType: 70,
    buildYear: 2010,
    lengthM: 30,
    draught: 1.8,
    companyId: 'X',
    history: H(0, 0, 0),
    unregistered: true,
    classB: true,
  },
];

const CITIES = [
  ['JIAXING', '嘉兴'],
  ['HUZHOU', '湖州'],
  ['HANGZHOU', '杭州'],
  ['SHAOXING', '绍兴'],
  ['NINGBO', '宁波'],
] as const;

function generatedVessels(n: number): DemoVessel[] {
  const r = prng(20261125);
  return Array.from({ length: n }, (_, i) => {
    const num = String(200 + i).padStart(4, '0');
    const [py, zh] = CITIES[Math.floor(r() * CITIES.length)] as readonly [string, string];
    const companyId = ORDINARY_COMPANIES[Math.floor(r() * ORDINARY_COMPANIES.length)] as string;
    const classB = r() < 0.25;
    return {
      mmsi: 413810000 + i * 7 + 1,
      imo: 0,
      nameZh: `浙${zh}货${num}`,
      aisName: `ZHE${py}HUO${num}`,
      callsign: `B${py.slice(0, 2)}${num}`,
      shipType: r() < 0.15 ? 80 : 70,
      buildYear: 2004 + Math.floor(r() * 20),
      lengthM: 35 + Math.floor(r() * 40),
      draught: 2 + Math.round(r() * 25) / 10,
      companyId,
      history: H(1 + Math.floor(r() * 5), Math.floor(r() * 8), r() < 0.1 ? 1 : 0, r() < 0.15 ? 1 : 0),
      classB,
    };
  });
}

export const VESSELS: DemoVessel[] = [...SPECIAL_VESSELS, ...generatedVessels(22)];
