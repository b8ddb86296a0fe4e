// The situation map: the site's own drawing (fairway, banks, road, lanes, zones) with the line or
// gate, watch radius and ETA rings beneath the targets, each with its recent track, heading, tier
// colour and label. Leaflet draws it, served by the node; there are no tiles, so it works on a LAN
// with no internet.
import { api } from './dom.js';
import { t } from './i18n.js';
import { filtered } from './filters.js';
import { drawSite } from './map-site.js';

const TIER_COLOURS = {
  'must-inspect': '#b3261e',
  'may-inspect': '#a65f00',
  'random-sample': '#0b5cad',
  pass: '#2e7d32',
};
const TRAIL_REFRESH_MS = 5000;

let view = null;
let building = null;

function build(drawing) {
  const L = window.L;
  const map = L.map('map', { attributionControl: false, zoomControl: false, zoomSnap: 0.25, keyboard: true });
  L.control.zoom({ zoomInTitle: t('zoomIn'), zoomOutTitle: t('zoomOut') }).addTo(map);
  const site = drawSite(L, map, drawing);
  const trails = L.layerGroup().addTo(map);
  const targets = L.layerGroup().addTo(map);
  const state = { L, map, drawing, site, trails, targets, markers: new Map(), trailsAt: 0, rings: site.rings };
  map.on('moveend', () => loadTrails(state, true));
  return state;
}

/** A vessel is an arrow along its course; a vehicle a rounded box; both in the tier's colour. */
function icon(L, x) {
  const colour = TIER_COLOURS[x.tier];
  const turn = Math.round(x.course ?? 0);
  const body =
    x.kind === 'vessel'
      ? `<polygon points="0,-10 7,8 0,4 -7,8" fill="${colour}" stroke="#fff" stroke-width="1.5"/>`
      : `<rect x="-5" y="-8" width="10" height="16" rx="2" fill="${colour}" stroke="#fff" stroke-width="1.5"/>`;
  return L.divIcon({
    className: `target-mark tier-${x.tier} kind-${x.kind}`,
    html: `<svg viewBox="-12 -12 24 24" width="24" height="24" aria-hidden="true"><g transform="rotate(${turn})">${body}</g></svg>`,
    iconSize: [24, 24],
    iconAnchor: [12, 12],
  });
}

function drawTargets(state, list) {
  const { L, markers, targets } = state;
  const seen = new Set();
  for (const x of list) {
    if (x.lat === null || x.lon === null) continue;
    seen.add(x.id);
    const title = `${x.name} · ${t(x.tier)} · ${t('score')} ${x.score}`;
    let m = markers.get(x.id);
    if (!m) {
      m = L.marker([x.lat, x.lon], { icon: icon(L, x), keyboard: true, title, alt: title, riseOnHover: true });
      m.on('click', () => {
        location.hash = `#target/${encodeURIComponent(m.targetId)}`;
      });
      m.addTo(targets);
      markers.set(x.id, m);
    }
    m.targetId = x.id;
    m.setLatLng([x.lat, x.lon]);
    const key = `${x.tier}|${x.kind}|${Math.round(x.course ?? 0)}`;
    if (m.iconKey !== key) {
      m.setIcon(icon(L, x));
      m.iconKey = key;
      m.getElement()?.setAttribute('data-id', x.id);
    }
    m.setZIndexOffset(x.tier === 'pass' ? 0 : 1000);
    // Those to stop carry their name on the map; the rest show it on hover, so the water stays readable.
    const permanent = x.tier !== 'pass';
    if (m.getTooltip()?.options.permanent !== permanent) {
      m.unbindTooltip();
      m.bindTooltip('', { permanent, direction: 'right', offset: [10, 0], className: 'target-label' });
    }
    m.setTooltipContent(x.name);
  }
  for (const [id, m] of markers) {
    if (seen.has(id)) continue;
    m.remove();
    markers.delete(id);
  }
}

async function loadTrails(state, now = false) {
  const at = Date.now();
  if (!now && at - state.trailsAt < TRAIL_REFRESH_MS) return;
  state.trailsAt = at;
  const b = state.map.getBounds();
  const bbox = [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()].map((v) => v.toFixed(5)).join(',');
  const { trails } = await api('GET', `/api/v1/map/trails?bbox=${bbox}&limit=1000`);
  const { L } = state;
  state.trails.clearLayers();
  for (const trail of trails) {
    const m = state.markers.get(trail.id);
    if (!m || trail.points.length < 2) continue;
    const tier = m.iconKey.split('|')[0];
    const style = { color: TIER_COLOURS[tier], weight: 2, opacity: 0.55, interactive: false, className: 'trail' };
    L.polyline(trail.points, style).addTo(state.trails);
  }
}

/** Draws the map page; built once, then kept and fed the live list. */
export async function renderMap(state) {
  if (!view) {
    if (!window.L) return;
    // One build however many renders wait for the drawing (the list streams while it loads).
    building ??= api('GET', '/api/v1/map').then(build);
    view = await building;
  }
  view.map.invalidateSize();
  view.rings.show(
    document.querySelector('#filter-kind').value || view.drawing.etaRings.kind,
    document.querySelector('#filter-gate').value,
  );
  const list = filtered(state.targets);
  drawTargets(view, list);
  document.querySelector('#map').dataset.targets = String(view.markers.size);
  await loadTrails(view).catch(() => undefined);
}
