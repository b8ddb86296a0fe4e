// The shift: its draw commitment, the decisions so far, which were inspected and which are pending,
// the passages missed in the last day and those being dealt with now; past seeds revealed.
import { $, api, el } from './dom.js';
import { t } from './i18n.js';
import { siteDateTime } from './site-time.js';

const time = (iso) => siteDateTime(iso);

function passageTable(id, passages) {
  if (passages.length === 0) return el('p', { id }, t('noneYet'));
  return el(
    'table',
    { id },
    el('thead', {}, el('tr', {}, ...['name', 'tier', 'passage', 'updated'].map((k) => el('th', {}, t(k))))),
    el(
      'tbody',
      {},
      passages.map((p) =>
        el(
          'tr',
          { 'data-id': p.targetId, 'data-passage': p.id },
          el(
            'td',
            {},
            el('a', { href: `#target/${encodeURIComponent(p.targetId)}`, translate: 'no' }, p.name ?? p.targetId),
          ),
          el('td', {}, el('span', { class: `tier tier-${p.tier}` }, t(p.tier))),
          el(
            'td',
            {},
            el('span', { class: `badge passage passage-${p.status}` }, t(p.status)),
            p.closedBy ? ` ${t('closedBy', p.closedBy)}` : '',
            p.calledBy ? ` · ${t('calledBy')} ${p.calledBy}` : '',
          ),
          el('td', {}, time(p.closedAt ?? p.startedAt ?? p.calledAt ?? p.openedAt)),
        ),
      ),
    ),
  );
}

export async function renderShift() {
  const [shifts, recent, missed, called, inspecting] = await Promise.all([
    api('GET', '/api/v1/shifts'),
    api('GET', '/api/v1/inspections?limit=200'),
    api('GET', '/api/v1/passages?status=missed'),
    api('GET', '/api/v1/passages?status=called'),
    api('GET', '/api/v1/passages?status=inspecting'),
  ]);
  const current = shifts.current;
  const { decisions } = await api('GET', `/api/v1/shifts/${encodeURIComponent(current.id)}/decisions`);
  const inspected = new Set(recent.inspections.filter((i) => i.createdAt >= current.startedAt).map((i) => i.targetId));
  // A passage is decided again when its tier changes: the latest decision of each target counts.
  const latest = new Map(decisions.map((d) => [d.targetId, d]));
  const selected = [...latest.values()].filter((d) => d.tier !== 'pass');
  $('#shift-body').replaceChildren(
    el(
      'p',
      {},
      el('span', { translate: 'no' }, current.id),
      ` · ${t('commitment')}: `,
      el('code', { translate: 'no' }, current.commitment),
    ),
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
    el('h3', {}, `${t('missedPassages')} (${missed.passages.length})`),
    passageTable('shift-missed', missed.passages),
    el('h3', {}, t('openPassages')),
    passageTable('shift-open', [...inspecting.passages, ...called.passages]),
    el('h3', {}, t('revealed')),
    el(
      'ul',
      {},
      (shifts.past ?? []).map((s) =>
        el('li', {}, el('span', { translate: 'no' }, s.id), ': ', el('code', { translate: 'no' }, s.seed ?? '—')),
      ),
    ),
  );
}
