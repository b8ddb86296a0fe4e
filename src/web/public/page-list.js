// The live target list: passages still to deal with first (tier, name, reasons, credit, distance
// and ETA, capacity, the officer's next step), then those inspected, crossed or lost.
import { $, el } from './dom.js';
import { filtered, gateName } from './filters.js';
import { ago, distance, eta, reasonText, t } from './i18n.js';
import { passageBadge, passageOpen, passageStep } from './passage.js';

const TIERS = ['must-inspect', 'may-inspect', 'random-sample', 'pass'];

export function renderList(state, actions) {
  const rows = filtered(state.targets);
  $('#targets tbody').replaceChildren(
    ...rows.map((x) =>
      el(
        'tr',
        { 'data-id': x.id, 'data-tier': x.tier, class: passageOpen(x) ? '' : 'closed' },
        el(
          'td',
          { class: 'tier-cell' },
          el('span', { class: `tier tier-${x.tier}` }, t(x.tier)),
          passageBadge(x),
          x.capacity === 'over' ? el('span', { class: 'badge capacity-over' }, t('over')) : '',
          x.capacity === 'deferred' ? el('span', { class: 'badge capacity-deferred' }, t('deferred')) : '',
        ),
        el(
          'td',
          { class: 'name-cell' },
          el('a', { href: `#target/${encodeURIComponent(x.id)}` }, x.name),
          x.lists.map((l) => el('span', { class: `badge badge-${l}` }, t(l))),
        ),
        el('td', { class: 'kind-cell', 'data-label': t('kind') }, t(x.kind)),
        el('td', { class: 'score-cell', 'data-label': t('score') }, x.score),
        el(
          'td',
          { class: 'reasons', 'data-label': t('reasons') },
          x.reasons.map((r) =>
            el('span', { class: 'chip' }, reasonText(r), r.points > 0 ? el('b', {}, ` +${r.points}`) : ''),
          ),
        ),
        el('td', { class: 'grade-cell', 'data-label': t('credit') }, x.grade ?? t('unknown')),
        el(
          'td',
          { class: 'distance', 'data-label': t('distance') },
          distance(x.distanceM, x.kind),
          x.gate && (state.status?.gates?.length ?? 0) > 1
            ? el('span', { class: 'badge gate-badge', 'data-gate': x.gate ?? '' }, gateName(state.status.gates, x.gate))
            : '',
        ),
        el('td', { class: x.crossingSoon ? 'eta eta-soon' : 'eta', 'data-label': t('eta') }, eta(x.etaS)),
        el('td', { class: 'seen-cell', 'data-label': t('updated') }, ago(x.lastSeen)),
        el(
          'td',
          { class: 'steps' },
          passageStep(x, () => undefined),
          el('button', { type: 'button', onclick: () => actions.inspect(x) }, t('inspect')),
        ),
      ),
    ),
  );
  const counts = Object.fromEntries(TIERS.map((k) => [k, 0]));
  for (const x of state.targets) counts[x.tier]++;
  const toStop = state.targets.filter((x) => x.tier !== 'pass' && passageOpen(x)).length;
  $('#tier-counts').textContent =
    t('targetsCount', state.targets.length) +
    t('toStopCount', toStop) +
    TIERS.map((k) => `${t(k)} ${counts[k]}`).join(', ') +
    (state.capacity ? t('capacityLine', state.capacity) : '');
}
