import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  dangerousGoods,
  DangerousGoodsList,
  DANGEROUS_GOODS_FILE,
  declares,
  divisionOf,
  normaliseUn,
} from '../../../src/scoring/dangerous-goods/list.js';

const list = dangerousGoods();
const one = (un: string, group?: string) => {
  const es = list.lookup(un).filter((e) => group === undefined || (e.packingGroup ?? '') === group);
  expect(es.length, `${un} ${group ?? ''}`).toBeGreaterThan(0);
  return es[0]!;
};

describe('the dangerous goods list (ADR 2017 Table A)', () => {
  it('spot-checks entries against the agreement', () => {
    // Columns 1, 2, 3a, 3b, 4, 5 and 20 of Table A, as printed in ADR 2017.
    expect(one('1203')).toMatchObject({
      hazardClass: '3',
      code: 'F1',
      packingGroup: 'II',
      labels: ['3'],
      hazardId: '33',
      name: 'MOTOR SPIRIT or GASOLINE or PETROL',
    });
    expect(one('1005')).toMatchObject({ hazardClass: '2', code: '2TC', labels: ['2.3', '8'], hazardId: '268' });
    expect(one('1005').name).toBe('AMMONIA, ANHYDROUS');
    expect(one('1075')).toMatchObject({ hazardClass: '2', code: '2F', labels: ['2.1'], hazardId: '23' });
    expect(one('1830')).toMatchObject({ hazardClass: '8', code: 'C1', packingGroup: 'II', hazardId: '80' });
    expect(list.lookup('1789').map((e) => e.packingGroup)).toEqual(['II', 'III']);
    expect(one('1202')).toMatchObject({ hazardClass: '3', packingGroup: 'III', hazardId: '30' });
    expect(one('2014')).toMatchObject({ hazardClass: '5.1', code: 'OC1', labels: ['5.1', '8'], hazardId: '58' });
    expect(one('1093')).toMatchObject({ hazardClass: '3', code: 'FT1', packingGroup: 'I', labels: ['3', '6.1'] });
    expect(one('1170', 'II').name).toBe('ETHANOL (ETHYL ALCOHOL) or ETHANOL SOLUTION (ETHYL ALCOHOL SOLUTION)');
    expect(one('0081')).toMatchObject({ hazardClass: '1', code: '1.1D', labels: ['1'] });
    expect(one('0012')).toMatchObject({ hazardClass: '1', code: '1.4S', labels: ['1.4'] });
    expect(one('1428')).toMatchObject({ hazardClass: '4.3', code: 'W2', packingGroup: 'I', hazardId: 'X423' });
    expect(one('1361', 'II')).toMatchObject({ hazardClass: '4.2', code: 'S2' });
    expect(one('1350')).toMatchObject({ hazardClass: '4.1', code: 'F3', packingGroup: 'III', name: 'SULPHUR' });
    expect(one('1680')).toMatchObject({ hazardClass: '6.1', code: 'T5', packingGroup: 'I', hazardId: '66' });
    expect(one('2814')).toMatchObject({ hazardClass: '6.2', code: 'I1', packingGroup: null });
    expect(one('2915')).toMatchObject({ hazardClass: '7', labels: ['7X'], hazardId: '70' });
    expect(one('3082')).toMatchObject({ hazardClass: '9', code: 'M6', packingGroup: 'III', hazardId: '90' });
    expect(one('3480')).toMatchObject({ hazardClass: '9', code: 'M4', labels: ['9A'] });
    expect(one('3105').name).toBe('ORGANIC PEROXIDE TYPE D, LIQUID');
    expect(one('2815')).toMatchObject({ hazardClass: '8', labels: ['8', '6.1'] });
    expect(one('1798')).toMatchObject({ carriage: 'prohibited', packingGroup: null });
    expect(one('1845')).toMatchObject({ carriage: 'not-subject' });
    expect(list.lookup('1950').map((e) => e.code)).toContain('5TF');
    // Numbers that Table A does not have.
    for (const un of ['0001', '1004', '3535', '9999']) expect(list.lookup(un)).toEqual([]);
    expect(list.size).toBe(2858);
    expect(list.unNumbers).toBe(2318);
  });

  it('agrees with itself on every line: class, code letters, labels, order', () => {
    const CODE_LETTERS: Record<string, RegExp> = {
      '2': /^[1-9][A-Z]*$/,
      '3': /^(F|D)/,
      '4.1': /^(F|D|S|P)/,
      '4.2': /^S/,
      '4.3': /^W/,
      '5.1': /^O/,
      '5.2': /^P/,
      '6.1': /^T/,
      '6.2': /^I/,
      '8': /^C/,
      '9': /^M/,
    };
    let previous = '0000';
    const lines = readFileSync(DANGEROUS_GOODS_FILE, 'utf8').split('\n');
    for (const line of lines.filter((l) => l !== '' && !l.startsWith('#'))) {
      const un = line.slice(0, 4);
      expect(un >= previous, `${un} after ${previous}`).toBe(true);
      previous = un;
    }
    for (let n = 0; n <= 9999; n++) {
      for (const e of list.lookup(String(n).padStart(4, '0'))) {
        const where = `${e.un} ${e.name}`;
        if (CODE_LETTERS[e.hazardClass] && e.code !== '') expect(e.code, where).toMatch(CODE_LETTERS[e.hazardClass]!);
        if (e.carriage !== 'allowed' || e.labels.length === 0) continue;
        const primary = e.labels[0]!;
        if (e.hazardClass === '1')
          expect(primary, where).toBe(['1.4', '1.5', '1.6'].includes(e.code.slice(0, 3)) ? e.code.slice(0, 3) : '1');
        else if (e.hazardClass === '2') expect(primary, where).toMatch(/^2\.[123]$/);
        else if (e.hazardClass === '7') expect(primary, where).toBe('7X');
        else expect(primary === e.hazardClass || (e.hazardClass === '9' && primary === '9A'), where).toBe(true);
      }
    }
  });

  it('reads UN numbers as waybills write them, and matches declared classes and divisions', () => {
    expect(['UN1203', 'un 1203', ' 1203 ', 'UN 1203'].map(normaliseUn)).toEqual(['1203', '1203', '1203', '1203']);
    expect(['UN12034', 'NA1993', '', 'UN-1203', '12O3'].map(normaliseUn)).toEqual([null, null, null, null, null]);
    expect(divisionOf(one('1075'))).toBe('2.1');
    expect(divisionOf(one('1005'))).toBe('2.3');
    expect(divisionOf(one('0081'))).toBe('1.1');
    expect(divisionOf(one('1830'))).toBe('8');
    expect(declares(one('1075'), '2.1')).toBe(true);
    expect(declares(one('1075'), '2')).toBe(true);
    expect(declares(one('1075'), '2.3')).toBe(false);
    expect(declares(one('2014'), '5')).toBe(true);
    expect(declares(one('0081'), '1.1D')).toBe(true);
    expect(declares(one('0081'), '1.4')).toBe(false);
    expect(declares(one('1830'), '3')).toBe(false);
  });

  it('names the first malformed line of a list', () => {
    expect(() => new DangerousGoodsList('# ok\n1203|3|F1|II|3|33|GASOLINE\n')).not.toThrow();
    expect(() => new DangerousGoodsList('1203|3|F1|II|3|33|GASOLINE\n12X3|3|F1|II|3|33|X\n')).toThrow(/:2: /);
    expect(() => new DangerousGoodsList('1203|10|F1|II|3|33|GASOLINE')).toThrow(/:1: /);
    expect(() => new DangerousGoodsList('1203|3|F1|IV|3|33|GASOLINE')).toThrow(/:1: /);
    expect(() => new DangerousGoodsList('1203|3|F1|II|3|33')).toThrow(/:1: /);
  });
});
