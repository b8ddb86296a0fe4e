// What the map draws beneath the targets: the site's features by kind, speed zones, the watch
// radius, the line or gate, the ETA rings around it, a scale bar, a north arrow and the legend.
import { el } from './dom.js';
import { t } from './i18n.js';

/** Styles by feature kind: water blue, banks and roads grey, lanes dashed, areas outlined. */
const STYLES = {
  fairway: { color: '#5b8fc7', weight: 1, fillColor: '#b9d6f2', fillOpacity: 0.9 },
  bank: { color: '#6d6d6d', weight: 2, fill: false },
  road: { color: '#8a7a5c', weight: 6, opacity: 0.8, fillColor: '#d9cdb3', fillOpacity: 0.8 },
  lane: { color: '#ffffff', weight: 2, dashArray: '6 6', fill: false },
  berth: { color: '#2f4f6f', weight: 2, fillColor: '#9fb6cc', fillOpacity: 0.6 },
  anchorage: { color: '#2f4f6f', weight: 1, dashArray: '4 4', fillOpacity: 0.1 },
  area: { color: '#555555', weight: 1, dashArray: '2 4', fillOpacity: 0.05 },
  landmark: { color: '#333333', weight: 1, fillColor: '#333333', fillOpacity: 1 },
};
const LABELLED = new Set(['fairway', 'road', 'berth', 'anchorage', 'area', 'landmark']);

/** The middle of the line or gate, where ETA rings are centred. */
export function gateCentre(shape) {
  if (shape.kind === 'circle') return shape.centre;
  const n = shape.points.length;
  return [shape.points.reduce((s, p) => s + p[0], 0) / n, shape.points.reduce((s, p) => s + p[1], 0) / n];
}

function features(L, drawing) {
  return L.geoJSON(drawing.features, {
    interactive: false,
    // The class lets the night theme recolour the drawing (CSS outranks the drawn attributes).
    style: (f) => ({ ...STYLES[f.properties.kind], className: `feature feature-${f.properties.kind}` }),
    pointToLayer: (f, at) => L.circleMarker(at, { radius: 4, ...STYLES[f.properties.kind] }),
  });
}

/** A text on the map at a point, not interactive (a feature's name, a ring's minutes). */
function label(L, at, text, className) {
  const html = el('span', {}, text).outerHTML;
  return L.marker(at, { icon: L.divIcon({ className, html, iconSize: null }), interactive: false, keyboard: false });
}

/** Where a feature's name goes: a fifth of the way along its line or outline, off the crowded middle. */
function labelPoint(geometry) {
  const line =
    geometry.type === 'Point'
      ? [geometry.coordinates]
      : geometry.type === 'LineString'
        ? geometry.coordinates
        : geometry.type === 'Polygon' || geometry.type === 'MultiLineString'
          ? geometry.coordinates[0]
          : geometry.coordinates[0][0];
  const [lon, lat] = line[Math.floor(line.length / 5)];
  return [lat, lon];
}

function featureLabels(L, drawing) {
  const group = L.layerGroup();
  for (const f of drawing.features)
    if (f.properties.name && LABELLED.has(f.properties.kind))
      label(L, labelPoint(f.geometry), f.properties.name, `feature-label feature-label-${f.properties.kind}`).addTo(
        group,
      );
  return group;
}

function gate(L, shape) {
  const style = { color: '#b3261e', weight: 4, interactive: false };
  if (shape.kind === 'circle') return L.circle(shape.centre, { ...style, radius: shape.radiusM, fillOpacity: 0.08 });
  if (shape.kind === 'polygon') return L.polygon(shape.points, { ...style, fillOpacity: 0.12 });
  return L.polyline(shape.points, style);
}

/** Rings at the distance the ring speed covers in 5, 15, 30 minutes; redrawn for the kind and gate in view. */
function etaRings(L, map, drawing) {
  const group = L.layerGroup().addTo(map);
  let shown = null;
  return {
    show(kind, gateId) {
      const gate = drawing.gates.find((g) => g.id === gateId) ?? drawing.gates[0];
      if (`${kind}|${gate.id}` === shown) return;
      shown = `${kind}|${gate.id}`;
      const centre = gateCentre(gate.shape);
      group.clearLayers();
      for (const r of drawing.etaRings.rings) {
        const radius = kind === 'vehicle' ? r.vehicleM : r.vesselM;
        L.circle(centre, {
          radius,
          color: '#3c4a5a',
          weight: 1,
          dashArray: '3 5',
          fill: false,
          interactive: false,
        }).addTo(group);
        // The minutes sit on the ring's north side, where north-up reading expects them.
        label(L, [centre[0] + radius / 111_320, centre[1]], t('etaRing', r.minutes), 'ring-label').addTo(group);
      }
    },
  };
}

function northArrow(L) {
  const Control = L.Control.extend({
    onAdd: () =>
      el('div', { class: 'north-arrow', role: 'img', 'aria-label': t('north') }, el('span', {}, '▲'), t('northShort')),
  });
  return new Control({ position: 'topright' });
}

function legend(L) {
  const Control = L.Control.extend({
    onAdd: () =>
      el(
        'div',
        { class: 'map-legend' },
        ...['must-inspect', 'may-inspect', 'random-sample', 'pass'].map((tier) =>
          el('span', { class: 'legend' }, el('i', { class: `swatch swatch-${tier}` }), t(tier)),
        ),
        el('span', { class: 'legend' }, el('i', { class: 'swatch swatch-gate' }), t('gateLine')),
      ),
  });
  return new Control({ position: 'bottomright' });
}

/** Draws the site on the map, fitted to it, and returns the ETA rings' switch. */
export function drawSite(L, map, drawing) {
  const drawn = features(L, drawing);
  // The view is set before anything is added: Leaflet's vector layers need one to project onto.
  const around = L.latLng(drawing.site.lat, drawing.site.lon).toBounds(drawing.watchRadiusM * 2);
  map.fitBounds(drawn.getLayers().length > 0 ? drawn.getBounds() : around, { padding: [16, 16] });
  drawn.addTo(map);
  featureLabels(L, drawing).addTo(map);
  for (const z of drawing.speedZones)
    L.polygon(z.polygon, { color: '#a65f00', weight: 1, dashArray: '8 4', fillOpacity: 0.05, interactive: false })
      .bindTooltip(t('speedZone', z.name, z.maxKn), { className: 'zone-label' })
      .addTo(map);
  L.circle([drawing.site.lat, drawing.site.lon], {
    radius: drawing.watchRadiusM,
    color: '#6d6d6d',
    weight: 1,
    dashArray: '1 6',
    fill: false,
    interactive: false,
  }).addTo(map);
  for (const g of drawing.gates) {
    gate(L, g.shape).addTo(map);
    if (drawing.gates.length > 1) label(L, gateCentre(g.shape), g.name || g.id, 'gate-label').addTo(map);
  }
  const rings = etaRings(L, map, drawing);
  L.control.scale({ metric: true, imperial: false, maxWidth: 160 }).addTo(map);
  northArrow(L).addTo(map);
  legend(L).addTo(map);
  return { rings };
}
