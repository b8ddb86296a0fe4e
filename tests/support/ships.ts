import type { ShipFacts } from '../../src/scoring/psc/ship-risk-profile.js';
import { addMonths } from '../../src/scoring/windows.js';

/** A well-run ship at `now`: every low-risk criterion of the Paris and Tokyo regimes holds. */
export function goodShip(now: number, over: Partial<ShipFacts> = {}): ShipFacts {
  return {
    kind: 'general-cargo',
    ageYears: 5,
    flag: 'white',
    flagImoAudit: true,
    roPerformance: 'high',
    roRecognised: true,
    companyPerformance: 'high',
    inspections36m: [
      { at: addMonths(now, -4), deficiencies: 2, detained: false },
      { at: addMonths(now, -16), deficiencies: 0, detained: false },
    ],
    companyInspections36m: 30,
    ...over,
  };
}
