import type { CreditGrade } from '../../domain/credit.js';
import type { SubjectLine } from '../../scoring/subject-input.js';
import type { Faults } from './passages.js';

/**
 * The scenario's ground truth: the log-odds that a passage carries a violation, as a function of
 * what the node can observe only (grade, lists, 36-month history, the ship's particulars and the
 * passage's faults). So a policy can learn it, and ranking by it is the best any policy can do:
 * the oracle the backtest compares with.
 *
 * A fault that is itself a breach of the carriage rules (no waybill, cargo outside the certificate,
 * a driver not qualified, an overload, a hull that is not the vessel's, a carrier without hazmat
 * qualification) is found by the boarding nearly always: only a record that lags the road (a paper
 * waybill, a late upload) lets it through, so its log-odds are large and these are the passages the
 * regulation makes must-inspect. Behaviour (alarms, AIS silence, a deep draught) and the credit
 * record only raise the odds. The base sets how many passages violate at all, and with it how much
 * better than chance the best boarding can do (the oracle's figures: src/scoring/README.md).
 */
const BASE = -2.8;
const GRADE: Record<CreditGrade, number> = { AA: -0.8, A: -0.35, B: 0, C: 0.6, D: 1.1 };
const FAULT: Record<keyof Faults, number> = {
  waybillMissing: 4.0,
  cargoNotPermitted: 3.8,
  driverUnqualified: 3.6,
  alarm: 1.2,
  overload: 3.6,
  aisDark: 1.4,
  draughtOver: 1.3,
  hullMismatch: 3.8,
};
const MONTHS_36 = 36 * 30.44 * 86_400_000;

export function violationProbability(line: SubjectLine, faults: Faults, at: number): number {
  const c = line.credit ?? {};
  let z = BASE + (c.grade ? GRADE[c.grade] : 0);
  for (const l of c.lists ?? []) z += l.list === 'black' ? 1.8 : l.list === 'key-attention' ? 0.8 : -0.3;
  const recent = (c.inspections ?? []).filter((i) => {
    const t = Date.parse(i.at);
    return t <= at && at - t <= MONTHS_36;
  });
  z += 0.5 * Math.min(3, recent.filter((i) => i.detained).length);
  z += 0.3 * recent.filter((i) => i.deficiencies > 5).length;
  if (recent.length === 0) z += 0.3;
  if (line.kind === 'vessel') {
    const type = c.shipType ?? 0;
    if ((type >= 80 && type <= 89) || (type >= 60 && type <= 69)) z += 0.4;
    if (c.buildYear && new Date(at).getUTCFullYear() - c.buildYear > 12) z += 0.3;
  } else {
    z += 0.35 * Math.min(3, c.penalties ?? 0) + 0.8 * (c.accidents ?? 0);
    if (c.hazmatQualified === false) z += 4.0;
  }
  for (const k of Object.keys(FAULT) as Array<keyof Faults>) if (faults[k]) z += FAULT[k];
  return 1 / (1 + Math.exp(-z));
}
