import type { CreditGrade, History36m } from '../domain/credit.js';
import { prng } from '../domain/prng.js';
import { H, ORDINARY_COMPANIES } from './fleet-common.js';

/*
 * The demo's hazmat trucks on the road through the checkpoint: hand-written ones for each vehicle
 * rule (waybills, UN numbers, certificates, drivers, alarms, overload, detour, cloned plate), and generated ones.
 */

export interface DemoVehicle {
  plate: string;
  terminalId: string;
  companyId: string;
  grade?: CreditGrade;
  hazmatQualified: boolean;
  history: History36m;
  /** Alarm bits the terminal raises (JT/T 808 numbering), and DSM events. */
  alarmBits?: number[];
  dsm?: string[];
  unregistered?: boolean;
  /** Weighed at this gross weight (kg) at the checkpoint's scale; otherwise a legal load. */
  grossKg?: number;
  /** Its electronic waybill: missing, or expired an hour ago; otherwise one in force along the road. */
  waybill?: 'none' | 'expired';
  /** What the waybill says it carries; otherwise gasoline (UN1203, class 3) or hydrochloric acid (UN1789, class 8). */
  cargo?: { un: string; hazardClass: string };
  /** Hazard classes its road transport certificate covers; otherwise 2, 3 and 8. */
  vehicleClasses?: string[];
  /** The driver's ID number (fictional), as the terminal reads it from the driver's card. */
  driverId: string;
  /** The driver's qualification on record: expired a month ago, or for class 8 only; otherwise 2, 3 and 8, in force. */
  driver?: 'expired' | 'class-8-only';
  /** Tank sensors on the terminal: a normal stream, one whose leak detector starts reading a leak, or one that falls silent. */
  tank?: 'normal' | 'leak' | 'silent';
  /** Leaves its waybill's route for a detour some 2.6 km off the road on part of its run. */
  detour?: boolean;
  /**
   * A second truck under another's plate, with no terminal of its own (套牌): only the gate's
   * scale reads it, while the plate's own terminal reports the real truck kilometres away.
   */
  clone?: boolean;
  /** Where on the road it starts (metres from the checkpoint); otherwise anywhere. */
  startM?: number;
}

/** A fictional 18-character ID number for demo driver n (personal data never appears in the demo). */
const demoDriverId = (n: number) =>
  `330402${1970 + (n % 30)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}${String(
    700 + n,
  )
    .padStart(3, '0')
    .slice(-3)}${n % 10}`;

const SPECIAL_VEHICLES: DemoVehicle[] = [
  {
    plate: '浙F3A101',
    terminalId: '013800000101',
    companyId: 'C330200005',
    hazmatQualified: true,
    history: H(4, 1, 0),
    alarmBits: [30],
    driverId: demoDriverId(101),
  },
  {
    plate: '浙F3A102',
    terminalId: '013800000102',
    companyId: 'C330600006',
    hazmatQualified: true,
    history: H(3, 2, 0),
    alarmBits: [1],
    waybill: 'expired',
    driverId: demoDriverId(102),
  },
  {
    plate: '浙F3A103',
    terminalId: '013800000103',
    companyId: 'C330300007',
    hazmatQualified: true,
    history: H(2, 6, 1, 2),
    waybill: 'none',
    driverId: demoDriverId(103),
  },
  {
    plate: '浙F3A104',
    terminalId: '013800000104',
    companyId: 'C330600006',
    hazmatQualified: false,
    history: H(1, 3, 0),
    driverId: demoDriverId(104),
    // Six kilometres out when its clone reaches the gate.
    startM: 6000,
  },
  {
    plate: '浙F3A105',
    terminalId: '013800000105',
    companyId: 'C330200005',
    hazmatQualified: true,
    history: H(3, 0, 0),
    alarmBits: [2],
    dsm: ['phone'],
    grossKg: 55_300,
    driverId: demoDriverId(105),
  },
  {
    plate: '浙F3A106',
    terminalId: '013800000106',
    companyId: 'C330400001',
    grade: 'AA',
    hazmatQualified: true,
    history: H(5, 0, 0),
    driverId: demoDriverId(106),
    tank: 'normal',
  },
  {
    plate: '沪D5B107',
    terminalId: '013800000107',
    companyId: 'X',
    hazmatQualified: true,
    history: H(0, 0, 0),
    unregistered: true,
    alarmBits: [23],
    driverId: demoDriverId(107),
  },
  {
    plate: '浙F3A108',
    terminalId: '013800000108',
    companyId: 'C330600006',
    hazmatQualified: true,
    history: H(2, 1, 0),
    driverId: demoDriverId(108),
    driver: 'expired',
    tank: 'silent',
  },
  {
    plate: '浙F3A109',
    terminalId: '013800000109',
    companyId: 'C330200005',
    hazmatQualified: true,
    history: H(3, 1, 0),
    driverId: demoDriverId(109),
    driver: 'class-8-only',
    cargo: { un: 'UN1203', hazardClass: '3' },
    vehicleClasses: ['8'],
  },
  {
    plate: '浙F3A110',
    terminalId: '013800000110',
    companyId: 'C330400002',
    hazmatQualified: true,
    history: H(2, 0, 0),
    driverId: demoDriverId(110),
    detour: true,
  },
  {
    plate: '浙F3A111',
    terminalId: '013800000111',
    companyId: 'C330200005',
    hazmatQualified: true,
    history: H(4, 2, 0),
    driverId: demoDriverId(111),
    tank: 'leak',
    cargo: { un: 'UN1075', hazardClass: '2.1' },
  },
  // Its waybill declares sulphuric acid (UN1830, class 8 in the dangerous goods list) as class 3.
  {
    plate: '浙F3A112',
    terminalId: '013800000112',
    companyId: 'C330400002',
    hazmatQualified: true,
    history: H(3, 1, 0),
    driverId: demoDriverId(112),
    cargo: { un: 'UN1830', hazardClass: '3' },
  },
  // A second truck under 浙F3A104's plate, with no terminal of its own (套牌).
  {
    plate: '浙F3A104',
    terminalId: '',
    companyId: 'C330600006',
    hazmatQualified: false,
    history: H(0, 0, 0),
    driverId: demoDriverId(1104),
    clone: true,
    unregistered: true,
    startM: -150,
  },
];

function generatedVehicles(n: number): DemoVehicle[] {
  const r = prng(808);
  return Array.from({ length: n }, (_, i) => {
    const letter = 'ABCDEFGH'[Math.floor(r() * 8)] as string;
    return {
      plate: `浙F${letter}${3010 + i * 7}`,
      terminalId: `0138000003${String(i).padStart(2, '0')}`,
      companyId: ORDINARY_COMPANIES[Math.floor(r() * ORDINARY_COMPANIES.length)] as string,
      hazmatQualified: true,
      history: H(1 + Math.floor(r() * 4), Math.floor(r() * 5), 0, r() < 0.1 ? 1 : 0),
      ...(r() < 0.12 && { dsm: ['smoking'] }),
      driverId: demoDriverId(i),
      ...(i % 3 === 0 && { tank: 'normal' as const }),
    };
  });
}

export const VEHICLES: DemoVehicle[] = [...SPECIAL_VEHICLES, ...generatedVehicles(15)];
