// The shift: its draw commitment, the decisions so far, which were inspected and which are pending; past seeds revealed.
import { $, api, el } from './dom.js';
import { t } from './i18n.js';

export async function renderShift() {
  const [shifts, recent] = await Promise.all([
    api('GET', '/api/v1/shifts'),
    api('GET', '/api/v1/inspections?limit=200'),
  ]);
  const current = shifts.current;
  const { decisions } = await api('GET', `/api/v1/shifts/${encodeURIComponent(current.id)}/decisions`);
  const inspected = new Set(recent.inspections.filter((i) => i.createdAt >= current.startedAt).map((i) => i.targetId));
  // A passage is decided again when its tier changes: the latest decision of each target counts.
  const latest = new Map(decisions.map((d) => [d.targetId, d]));
  const selected = [...latest.values()].filter((d) => d.tier !== 'pass');
  $('#shift-body').replaceChildren(
    el('p', {}, `${current.id} · ${t('commitment')}: `, el('code', {}, current.commitment)),
    el('h3', {}, `${t('decisions')} (${selected.length})`),
    el(
      'table',
      { id: 'shift-decisions' },
      el(
        'thead',
        {},
        el('tr', {}, el('th', {}, t('name')), el('th', {}, t('tier')), el('th', {}, t('score')), el('th', {}, '')),
      ),
      el(
        'tbody',
        {},
        selected.map((d) =>
          el(
            'tr',
            { 'data-id': d.targetId },
            el('td', {}, el('a', { href: `#target/${encodeURIComponent(d.targetId)}` }, d.name)),
            el('td', {}, el('span', { class: `tier tier-${d.tier}` }, t(d.tier))),
            el('td', {}, d.score),
            el(
              'td',
              { class: inspected.has(d.targetId) ? 'ok' : '' },
              inspected.has(d.targetId) ? t('done') : t('pending'),
            ),
          ),
        ),
      ),
    ),
    el('h3', {}, t('revealed')),
    el(
      'ul',
      {},
      (shifts.past ?? []).map((s) => el('li', {}, `${s.id}: `, el('code', {}, s.seed ?? '—'))),
    ),
  );
}
