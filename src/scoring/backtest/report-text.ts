import type { AtCapacity, BudgetFigures } from './at-capacity.js';
import type { BacktestReport, Rate } from './backtest.js';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const count = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const hit = (r: Rate) => `${count(r.violations)}/${r.n} (${pct(r.rate)})`;

/** The backtest as plain text, for a terminal or a ticket. */
export function reportText(r: BacktestReport): string {
  const lines = [
    `Backtest of ${r.policy}: ${r.passages} passages${r.from ? `, ${r.from} to ${r.to}` : ''}`,
    '',
    'Selection rate per tier',
    ...Object.entries(r.tiers).map(([t, v]) => `  ${t.padEnd(14)} ${String(v.count).padStart(7)}  ${pct(v.share)}`),
    '',
    'Selections by reason',
    ...Object.entries(r.selections)
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `  ${s.padEnd(14)} ${String(n).padStart(7)}`),
    '',
    `Inspections per hour: mean ${r.hours.mean.toFixed(1)}, max ${r.hours.max}` +
      (r.hours.capacity === null
        ? ' (no capacity set)'
        : `, capacity ${r.hours.capacity}, ${r.hours.overCapacity} of ${r.hours.series.length} hours over capacity`),
  ];
  const o = r.outcomes;
  if (o) {
    lines.push(
      '',
      `Outcomes known for ${o.known} passages; violation base rate ${pct(o.baseRate)}`,
      'Hit rate per selection reason (violations found / inspected)',
      ...Object.entries(o.bySelection).map(([s, v]) => `  ${s.padEnd(14)} ${hit(v)}`),
      `  targeted       ${hit(o.targeted)}`,
      `  control sample ${hit(o.control)}`,
      `Lift of targeted over the control sample: ${o.lift === null ? '— (no control violations to compare with)' : o.lift.toFixed(2)}`,
      `False negatives among passed subjects: ${hit(o.falseNegatives)}`,
      `Burden on compliant subjects: ${o.burden.stopped} of ${o.burden.compliant} stopped (${pct(o.burden.rate)})`,
      'Capture curve (share inspected -> share of violations found)',
      ...[0.05, 0.1, 0.2, 0.3, 0.5].map((x) => {
        const point = o.capture.find((c) => c.inspected >= x) ?? o.capture[o.capture.length - 1];
        return `  ${pct(x).padStart(7)} -> ${pct(point?.captured ?? 0)}`;
      }),
    );
  }
  if (r.atCapacity) lines.push('', ...atCapacityText(r.atCapacity));
  return lines.join('\n');
}

const budget = (name: string, f: BudgetFigures) =>
  `  ${name.padEnd(9)} ${String(f.boarded).padStart(7)}  ${pct(f.budget).padStart(7)}  ${hit(f.found).padEnd(22)}` +
  ` ${pct(f.captured).padStart(7)}  ${f.liftOverBase === null ? '—' : f.liftOverBase.toFixed(2)}`;

function atCapacityText(a: AtCapacity): string[] {
  const lift = a.policy.lift === null ? '—' : a.policy.lift.toFixed(2);
  const ci = a.policy.liftCi ? ` (95 % ${a.policy.liftCi[0].toFixed(2)}-${a.policy.liftCi[1].toFixed(2)})` : '';
  return [
    `At capacity: ${a.teams.map((t) => `${t.id} ${t.boardingsPerHour}/h (${t.kinds.join(', ')})`).join('; ')}`,
    `  boardings per hour: mean ${a.boardingsPerHour.mean.toFixed(1)}, max ${a.boardingsPerHour.max} of ${a.boardingsPerHour.capacity}`,
    `  must-inspect deferred: ${a.mustDeferred.passages} passages in ${a.mustDeferred.hours} of ${a.hours.length} hours` +
      (a.mustDeferred.passages > 0 ? ' (supervisor alerts)' : ''),
    `  other selections deferred: ${a.deferred}`,
    `  Lift of boarded over the control sample: ${lift}${ci}; control ${hit(a.policy.control)}`,
    `  Burden on compliant subjects: ${a.policy.burden.boarded} of ${a.policy.burden.compliant} boarded (${pct(a.policy.burden.rate)})`,
    '             boarded   budget  violations found       captured  lift over base',
    budget('policy', a.policy),
    budget('random', a.random),
    ...(a.oracle ? [budget('oracle', a.oracle)] : []),
  ];
}
