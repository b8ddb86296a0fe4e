// The checkpoint area drawn from coordinates: the gate, and every target with its heading, coloured by tier.
import { $, el, svg } from './dom.js';
import { t } from './i18n.js';

const SIZE = 640;
const COLOURS = { 'must-inspect': '#b3261e', 'may-inspect': '#c77700', 'random-sample': '#0b5cad', pass: '#2e7d32' };

export function renderPlot(state) {
  const site = state.status?.site;
  if (!site) return;
  const shape = state.status.checkpoint;
  const kx = 111_320 * Math.cos((site.lat * Math.PI) / 180);
  const xy = (lat, lon) => [(lon - site.lon) * kx, (lat - site.lat) * 111_320];
  const placed = state.targets.filter((x) => x.lat !== null && x.lon !== null);
  // Scale to the farthest target within 12 km, at least 2 km across.
  const reach = Math.max(1000, ...placed.map((x) => Math.hypot(...xy(x.lat, x.lon))).filter((d) => d < 12_000));
  const k = (SIZE / 2 - 20) / reach;
  const px = ([x, y]) => [SIZE / 2 + x * k, SIZE / 2 - y * k];
  const gate =
    shape.kind === 'circle'
      ? svg('circle', { cx: SIZE / 2, cy: SIZE / 2, r: Math.max(3, shape.radiusM * k), class: 'gate' })
      : svg(shape.kind === 'polygon' ? 'polygon' : 'polyline', {
          points: shape.points.map(([a, b]) => px(xy(a, b)).join(',')).join(' '),
          class: 'gate',
        });
  const marks = placed
    .map((x) => {
      const [cx, cy] = px(xy(x.lat, x.lon));
      if (cx < 0 || cy < 0 || cx > SIZE || cy > SIZE) return null;
      const heading = x.course ?? 0;
      const shapeFor =
        x.kind === 'vessel'
          ? svg('polygon', {
              points: '0,-9 6,7 0,3 -6,7',
              transform: `translate(${cx.toFixed(1)},${cy.toFixed(1)}) rotate(${heading})`,
              fill: COLOURS[x.tier],
            })
          : svg('rect', {
              x: -4,
              y: -6,
              width: 8,
              height: 12,
              transform: `translate(${cx.toFixed(1)},${cy.toFixed(1)}) rotate(${heading})`,
              fill: COLOURS[x.tier],
            });
      const link = svg(
        'a',
        { href: `#target/${encodeURIComponent(x.id)}`, 'data-id': x.id },
        shapeFor,
        svg('title', {}, `${x.name} · ${t(x.tier)} · ${x.score}`),
      );
      return link;
    })
    .filter(Boolean);
  const scale = svg('text', { x: 10, y: SIZE - 10, class: 'scale' }, `${(reach / 1000).toFixed(1)} km`);
  $('#plot').replaceChildren(
    svg(
      'svg',
      { viewBox: `0 0 ${SIZE} ${SIZE}`, width: SIZE, height: SIZE, role: 'img', 'aria-label': t('plotTitle') },
      svg('rect', { x: 0, y: 0, width: SIZE, height: SIZE, class: 'water' }),
      gate,
      ...marks,
      scale,
    ),
  );
  $('#plot-legend').replaceChildren(
    ...Object.keys(COLOURS).map((tier) =>
      el('span', { class: 'legend' }, el('i', { class: `swatch swatch-${tier}` }), t(tier)),
    ),
  );
}
