import { describe, expect, it } from 'vitest';
import { AlarmRuleEngine } from '../../../src/normalize/alarm-rules.js';
import type { AlarmRuleSpec } from '../../../src/normalize/profiles/profile-schema.js';

const S = 1000;
const PRESSURE: AlarmRuleSpec = { alarm: 'tank-overpressure', path: 'p', above: 700, forS: 10, clearAt: 650 };
const VALVE: AlarmRuleSpec = { alarm: 'valve-fault', path: 'valve', equals: 'FAULT' };

describe('device alarm rules', () => {
  it('raises an alarm only once its condition has held for forS, and clears it only past the clear level', () => {
    const e = new AlarmRuleEngine();
    const at = (t: number, p: number) =>
      e.evaluate('tank|T1', [PRESSURE], (path) => (path === 'p' ? p : undefined), t * S);
    expect(at(0, 720)).toEqual([]);
    expect(at(5, 730)).toEqual([]);
    expect(at(10, 725)).toEqual(['tank-overpressure']);
    expect(at(15, 680)).toEqual(['tank-overpressure']); // below the limit, above the clear level: still on
    expect(at(20, 640)).toEqual([]);
    expect(at(25, 710)).toEqual([]); // the hold starts again
    expect(at(30, 690)).toEqual([]); // interrupted
    expect(at(41, 705)).toEqual([]);
    expect(at(51, 705)).toEqual(['tank-overpressure']);
  });

  it('matches states, ignores missing readings, and keeps devices apart', () => {
    const e = new AlarmRuleEngine();
    expect(e.evaluate('a', [VALVE], () => 'FAULT', 0)).toEqual(['valve-fault']);
    expect(e.evaluate('a', [VALVE], () => undefined, S)).toEqual(['valve-fault']);
    expect(e.evaluate('b', [VALVE], () => 'OPEN', S)).toEqual([]);
    expect(e.evaluate('a', [VALVE], () => 'CLOSED', 2 * S)).toEqual([]);
  });

  it('forgets the oldest device past its bound', () => {
    const e = new AlarmRuleEngine(2);
    e.evaluate('a', [VALVE], () => 'FAULT', 0);
    e.evaluate('b', [VALVE], () => 'FAULT', 0);
    e.evaluate('c', [VALVE], () => 'FAULT', 0);
    // "a" was forgotten: a missing reading no longer finds it active.
    expect(e.evaluate('a', [VALVE], () => undefined, S)).toEqual([]);
    expect(e.evaluate('c', [VALVE], () => undefined, S)).toEqual(['valve-fault']);
  });
});
