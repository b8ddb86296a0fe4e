import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../../paths.js';

/**
 * The dangerous goods list a waybill is checked against: ADR 2017 Table A, which JT/T 617.3 takes
 * for road transport in China. Data, shipped beside the code like the policy presets
 * (adr-2017-table-a.psv, its source and transcription in README.md); a new edition is a new file.
 */
export const DANGEROUS_GOODS_FILE = join(PACKAGE_ROOT, 'src', 'scoring', 'dangerous-goods', 'adr-2017-table-a.psv');
export const DANGEROUS_GOODS_SOURCE = 'ADR 2017 Table A';

export type PackingGroup = 'I' | 'II' | 'III';

export interface DangerousGoodsEntry {
  /** Four digits, as the UN Model Regulations number it ("1203"). */
  un: string;
  /** Table A column 3a: 1 to 9 with divisions 4.1-4.3, 5.1-5.2, 6.1-6.2. */
  hazardClass: string;
  /** Column 3b (1.1D, 2TC, F1); empty where the table gives none. */
  code: string;
  packingGroup: PackingGroup | null;
  /** "prohibited" where the table says carriage prohibited, "not-subject" where not subject to ADR. */
  carriage: 'allowed' | 'prohibited' | 'not-subject';
  /** Column 5: danger labels, the primary first. */
  labels: string[];
  /** Column 20: the hazard identification number of the orange plate (Kemler), or "". */
  hazardId: string;
  name: string;
}

const CLASSES = new Set(['1', '2', '3', '4.1', '4.2', '4.3', '5.1', '5.2', '6.1', '6.2', '7', '8', '9']);
const GROUPS: Record<string, Pick<DangerousGoodsEntry, 'packingGroup' | 'carriage'>> = {
  '': { packingGroup: null, carriage: 'allowed' },
  I: { packingGroup: 'I', carriage: 'allowed' },
  II: { packingGroup: 'II', carriage: 'allowed' },
  III: { packingGroup: 'III', carriage: 'allowed' },
  PROHIBITED: { packingGroup: null, carriage: 'prohibited' },
  NSA: { packingGroup: null, carriage: 'not-subject' },
};

/** The list by UN number; parses the file's text, naming the first malformed line. */
export class DangerousGoodsList {
  readonly #byUn = new Map<string, DangerousGoodsEntry[]>();
  readonly size: number;

  constructor(text: string) {
    let n = 0;
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      const entry = parseLine(line);
      if (!entry) throw new Error(`${DANGEROUS_GOODS_FILE}:${i + 1}: not an entry: ${line.slice(0, 80)}`);
      const same = this.#byUn.get(entry.un);
      if (same) same.push(entry);
      else this.#byUn.set(entry.un, [entry]);
      n++;
    });
    this.size = n;
  }

  /** The entries of a UN number as a waybill writes it ("UN1203", "UN 1203", "1203"); none when unknown. */
  lookup(unNumber: string): readonly DangerousGoodsEntry[] {
    const un = normaliseUn(unNumber);
    return un ? (this.#byUn.get(un) ?? []) : [];
  }

  get unNumbers(): number {
    return this.#byUn.size;
  }
}

function parseLine(line: string): DangerousGoodsEntry | null {
  const f = line.split('|');
  if (f.length !== 7) return null;
  const [un, hazardClass, code, group, labels, hazardId, name] = f as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const g = GROUPS[group];
  if (!/^\d{4}$/.test(un) || !CLASSES.has(hazardClass) || !g || name.trim() === '') return null;
  if (hazardId !== '' && !/^(X?\d{2,3}|1\.\dD)$/.test(hazardId)) return null;
  return { un, hazardClass, code, ...g, labels: labels === '' ? [] : labels.split('+'), hazardId, name };
}

/** "UN1203", "un 1203" and "1203" name the same entry; anything else names none. */
export function normaliseUn(unNumber: string): string | null {
  const m = /^\s*(?:UN\s*)?(\d{4})\s*$/i.exec(unNumber);
  return m ? (m[1] as string) : null;
}

/**
 * The class or division a waybill declares for an entry: explosives by the division of their
 * classification code (1.1D is 1.1), gases by their primary label (2.1, 2.2, 2.3), the rest by class.
 */
export function divisionOf(e: DangerousGoodsEntry): string {
  if (e.hazardClass === '1' && /^1\.[1-6]/.test(e.code)) return e.code.slice(0, 3);
  if (e.hazardClass === '2' && /^2\.[123]$/.test(e.labels[0] ?? '')) return e.labels[0] as string;
  return e.hazardClass;
}

/**
 * Whether a declared class fits an entry: its class ("2", or "6" for 6.1), its division ("2.1") or,
 * for explosives, its classification code ("1.1D").
 */
export function declares(e: DangerousGoodsEntry, declared: string): boolean {
  const d = declared.trim().toUpperCase();
  if (d === e.hazardClass || d === divisionOf(e) || d === e.hazardClass.split('.')[0]) return true;
  return e.hazardClass === '1' && d === e.code.toUpperCase();
}

let shipped: DangerousGoodsList | undefined;

/** The shipped list, read once. */
export function dangerousGoods(): DangerousGoodsList {
  shipped ??= new DangerousGoodsList(readFileSync(DANGEROUS_GOODS_FILE, 'utf8'));
  return shipped;
}
