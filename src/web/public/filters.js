// The tier, kind and gate filters shared by the list and the map: both show the same targets.
import { $, el } from './dom.js';
import { t } from './i18n.js';

/** The targets the filters let through. */
export function filtered(targets) {
  const tier = $('#filter-tier').value;
  const kind = $('#filter-kind').value;
  const gate = $('#filter-gate').value;
  return targets.filter((x) => (!tier || x.tier === tier) && (!kind || x.kind === kind) && (!gate || x.gate === gate));
}

/** A site with several lines or gates filters by gate too; with one, the gate filter stays out of the way. */
export function setGates(gates) {
  const select = $('#filter-gate');
  const chosen = select.value;
  select.replaceChildren(
    el('option', { value: '' }, t('all')),
    ...gates.map((g) => el('option', { value: g.id, ...(g.id === chosen && { selected: true }) }, g.name || g.id)),
  );
  $('#filter-gate-label').hidden = gates.length < 2;
}

/** A gate's name by id, for the list and the map. */
export function gateName(gates, id) {
  return gates.find((g) => g.id === id)?.name || id || '';
}
