import type { AtCapacity, BudgetFigures } from './at-capacity.js';
import type { BacktestReport } from './backtest.js';

const esc = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const W = 560;
const H = 220;
const PAD = 36;

/** Horizontal bars with labels and values. */
function bars(id: string, title: string, rows: Array<[string, number, string]>): string {
  const max = Math.max(1e-9, ...rows.map((r) => r[1]));
  const rowH = 26;
  const height = rows.length * rowH + 10;
  const body = rows
    .map(([label, v, text], i) => {
      const y = 5 + i * rowH;
      const w = ((W - 280) * v) / max;
      return (
        `<text x="0" y="${y + 17}">${esc(label)}</text>` +
        `<rect x="140" y="${y + 4}" width="${w.toFixed(1)}" height="18" class="bar"/>` +
        `<text x="${(146 + w).toFixed(1)}" y="${y + 17}">${esc(text)}</text>`
      );
    })
    .join('');
  return figure(id, title, height, body);
}

/** A chart as an accessible figure: its title as the caption and the SVG's label. */
function figure(id: string, title: string, height: number, svg: string): string {
  const frame = `viewBox="0 0 ${W} ${height}" width="${W}" height="${height}" role="img"`;
  return `<figure id="${id}"><figcaption>${esc(title)}</figcaption><svg ${frame} aria-label="${esc(title)}">${svg}</svg></figure>`;
}

/** A line chart over [0, xMax] x [0, yMax], with optional reference lines. */
function lines(
  id: string,
  title: string,
  series: Array<{ points: Array<[number, number]>; cls: string; label: string }>,
  xMax: number,
  yMax: number,
  xLabel: string,
  yLabel: string,
): string {
  const sx = (x: number) => PAD + ((W - 2 * PAD) * x) / (xMax || 1);
  const sy = (y: number) => H - PAD - ((H - 2 * PAD) * y) / (yMax || 1);
  const paths = series
    .map(
      (s) =>
        `<polyline class="${s.cls}" points="${s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}">` +
        `<title>${esc(s.label)}</title></polyline>`,
    )
    .join('');
  const legend = series
    .map(
      (s, i) =>
        `<text x="${W - PAD}" y="${PAD - 18 + i * 14}" text-anchor="end" class="${s.cls}-text">${esc(s.label)}</text>`,
    )
    .join('');
  const axes =
    `<line x1="${PAD}" y1="${H - PAD}" x2="${W - PAD}" y2="${H - PAD}" class="axis"/>` +
    `<line x1="${PAD}" y1="${PAD}" x2="${PAD}" y2="${H - PAD}" class="axis"/>` +
    `<text x="${W / 2}" y="${H - 6}" text-anchor="middle">${esc(xLabel)}</text>` +
    `<text x="4" y="${PAD - 14}">${esc(yLabel)} (max ${yMax.toFixed(yMax < 2 ? 2 : 0)})</text>`;
  return figure(id, title, H, `${axes}${paths}${legend}`);
}

/** The backtest as one self-contained HTML page: inline SVG charts, no scripts, no external resources (the site has no internet). */
export function reportHtml(r: BacktestReport): string {
  const figures = [
    bars(
      'tiers',
      'Selection rate per tier',
      Object.entries(r.tiers).map(([t, v]) => [t, v.share, `${v.count} (${pct(v.share)})`]),
    ),
    lines(
      'per-hour',
      'Inspections per hour',
      [
        { points: r.hours.series.map((s, i) => [i, s.inspections]), cls: 'series', label: 'inspections selected' },
        ...(r.hours.capacity === null
          ? []
          : [
              {
                points: [
                  [0, r.hours.capacity],
                  [Math.max(1, r.hours.series.length - 1), r.hours.capacity],
                ] as Array<[number, number]>,
                cls: 'limit',
                label: `capacity ${r.hours.capacity}/h`,
              },
            ]),
      ],
      Math.max(1, r.hours.series.length - 1),
      Math.max(1, r.hours.max, r.hours.capacity ?? 0),
      'hour',
      'inspections',
    ),
  ];
  const o = r.outcomes;
  if (o) {
    figures.push(
      bars('hit-rates', 'Hit rate per selection reason', [
        ...Object.entries(o.bySelection).map(([s, v]): [string, number, string] => [
          s,
          v.rate ?? 0,
          `${v.violations}/${v.n} (${pct(v.rate)})`,
        ]),
        ['control sample', o.control.rate ?? 0, `${o.control.violations}/${o.control.n} (${pct(o.control.rate)})`],
      ]),
    );
    figures.push(
      lines(
        'capture',
        'Capture curve: share of violations found against share of passages inspected',
        [
          { points: o.capture.map((c) => [c.inspected, c.captured]), cls: 'series', label: `${r.policy}` },
          {
            points: [
              [0, 0],
              [1, 1],
            ],
            cls: 'limit',
            label: 'random order',
          },
        ],
        1,
        1,
        'share of passages inspected',
        'share of violations found',
      ),
    );
  }
  const summary = o
    ? `<p class="lift">Lift of targeted over the control sample: <b>${o.lift === null ? '—' : o.lift.toFixed(2)}</b>;
    false negatives among passed: ${o.falseNegatives.violations}/${o.falseNegatives.n} (${pct(o.falseNegatives.rate)});
    burden on the compliant: ${o.burden.stopped}/${o.burden.compliant} (${pct(o.burden.rate)}).</p>`
    : '<p>No outcomes given: selection figures only.</p>';
  return page(r, summary, figures, r.atCapacity ? atCapacityTable(r.atCapacity) : '');
}

/** The simulated boardings beside random and the oracle, as a table (at-capacity.ts). */
function atCapacityTable(a: AtCapacity): string {
  const row = (name: string, f: BudgetFigures) =>
    `<tr><th>${name}</th><td>${f.boarded}</td><td>${pct(f.budget)}</td><td>${Math.round(f.found.violations)}</td>` +
    `<td>${pct(f.captured)}</td><td>${f.liftOverBase === null ? '—' : f.liftOverBase.toFixed(2)}</td></tr>`;
  const ci = a.policy.liftCi
    ? ` (95 % interval ${a.policy.liftCi[0].toFixed(2)}-${a.policy.liftCi[1].toFixed(2)})`
    : '';
  return `<h2>At capacity: ${a.teams.map((t) => `${esc(t.id)} ${t.boardingsPerHour}/h`).join(', ')}</h2>
<p class="at-capacity">Lift of boarded over the control sample: <b>${a.policy.lift === null ? '—' : a.policy.lift.toFixed(2)}</b>${ci};
must-inspect deferred: ${a.mustDeferred.passages} passages in ${a.mustDeferred.hours} of ${a.hours.length} hours.</p>
<table id="at-capacity"><thead><tr><th></th><th>boarded</th><th>budget</th><th>violations</th><th>captured</th><th>lift over base</th></tr></thead>
<tbody>${row('policy', a.policy)}${row('random', a.random)}${a.oracle ? row('oracle', a.oracle) : ''}</tbody></table>`;
}

function page(r: BacktestReport, summary: string, figures: readonly string[], capacity: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kakou backtest: ${esc(r.policy)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
figure { display: inline-block; margin: 0 24px 24px 0; vertical-align: top; }
figcaption { font-weight: 600; margin-bottom: 6px; }
svg text { font-size: 12px; fill: #333; }
.bar { fill: #0b5cad; }
.series { fill: none; stroke: #0b5cad; stroke-width: 2; }
.limit { fill: none; stroke: #b3261e; stroke-width: 1.5; stroke-dasharray: 5 4; }
.series-text { fill: #0b5cad; } .limit-text { fill: #b3261e; }
.axis { stroke: #888; }
table { border-collapse: collapse; margin-bottom: 24px; } th, td { padding: 2px 10px; text-align: right; }
</style></head>
<body>
<h1>Backtest: ${esc(r.policy)}</h1>
<p>${r.passages} passages${r.from ? `, ${esc(r.from)} to ${esc(r.to ?? '')}` : ''}.</p>
${summary}
${capacity}
${figures.join('\n')}
</body></html>
`;
}
