import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export const AIS_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'ais');

/** Every capture file under tests/fixtures/ais (licences, notes and expected outputs left out). */
export function aisCorpus(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(AIS_FIXTURES)) {
    const d = join(AIS_FIXTURES, dir);
    if (!statSync(d).isDirectory()) {
      if (dir.endsWith('.nmea')) out.push(d);
      continue;
    }
    for (const f of readdirSync(d)) if (!/^(LICENSE|NOTICE|COPYING)|\.(json|chk|md)$/.test(f)) out.push(join(d, f));
  }
  return out;
}

/** Two messages' JSON, parsed, with positions compared as 1/10,000-minute raw values (the direct writer prints 7 decimals). */
export function expectSameAisJson(got: Record<string, unknown>, want: Record<string, unknown>, where: string): void {
  expect(Object.keys(got), where).toEqual(Object.keys(want));
  for (const key of Object.keys(want)) {
    if ((key === 'lat' || key === 'lon') && typeof want[key] === 'number') {
      expect(Math.round((got[key] as number) * 600_000), `${where} ${key}`).toBe(
        Math.round((want[key] as number) * 600_000),
      );
      expect(Math.abs((got[key] as number) - (want[key] as number))).toBeLessThanOrEqual(5e-8);
    } else expect(got[key], `${where} ${key}`).toEqual(want[key]);
  }
}
