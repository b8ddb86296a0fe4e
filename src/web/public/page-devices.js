// Inputs, devices with their rate and data quality, rejected messages, and the uplink.
import { $, api, el, percent } from './dom.js';
import { ago, t } from './i18n.js';

const up = (a) => a.state === 'connected' || a.state === 'listening';

/** One verdict of the central's reviewers: a standing refusal waits for a correction or a void. */
function reviewItem(r) {
  const open = r.standing && r.outcome === 'refused' && !r.answeredBy;
  const verdict =
    r.outcome === 'refused' ? t('reviewRefused', r.reason, r.reviewer) : t('reviewUpheld', r.reason, r.reviewer);
  return el(
    'li',
    { class: open ? 'bad' : '' },
    `#${r.seq} ${verdict} · ${ago(r.at)} · ${r.answeredBy ? t('reviewAnswered') : open ? t('reviewOpen') : ''} `,
    r.targetId ? el('a', { href: `#target/${encodeURIComponent(r.targetId)}` }, t('openRecord')) : '',
  );
}

export async function renderDevices(state) {
  const s = state.status;
  if (!s) return;
  const dead = (await api('GET', '/api/v1/sync/dead-letters')).deadLetters;
  const reviews = (await api('GET', '/api/v1/sync/reviews')).reviews;
  const backlog = s.outbox.reduce((n, l) => n + l.count, 0);
  const sync = s.sync ?? { state: 'disabled' };
  $('#devices-body').replaceChildren(
    el('p', {}, `${t('nodeId')}: `, el('span', { translate: 'no' }, s.node.id), ` · ${t('version')} ${s.node.version}`),
    el('h3', {}, t('uplink')),
    el(
      'p',
      { class: sync.state === 'backoff' ? 'bad' : '', id: 'uplink-state' },
      `${t('uplinkState')}: ${t('syncStates')[sync.state] ?? sync.state} · ${t('uplinkBacklog', backlog)}`,
      sync.lastError ? [` · ${t('lastError')}: `, el('code', { translate: 'no' }, sync.lastError)] : '',
    ),
    dead.length
      ? el(
          'ul',
          {},
          dead.map((d) =>
            el(
              'li',
              { class: 'bad' },
              `#${d.seq} ${t(`kind-${d.kind}`)}: `,
              el('code', { translate: 'no' }, `${d.code} ${d.reason}`),
              state.user?.role === 'admin'
                ? el(
                    'button',
                    {
                      type: 'button',
                      onclick: async () => {
                        await api('POST', `/api/v1/sync/dead-letters/${d.seq}/retry`);
                        state.refresh();
                      },
                    },
                    t('retryUpload'),
                  )
                : '',
            ),
          ),
        )
      : '',
    reviews.length ? el('h3', {}, t('reviews')) : '',
    reviews.length ? el('ul', { id: 'central-reviews' }, reviews.map(reviewItem)) : '',
    el('h3', {}, t('inputs')),
    el(
      'ul',
      {},
      s.adapters.map((a) =>
        el(
          'li',
          { class: up(a) ? '' : 'bad' },
          el('span', { translate: 'no', 'data-adapter': a.name }, `${a.name} (${a.kind.toUpperCase()} ${a.url})`),
          a.thread === 'worker' ? ` ${t('decodeThread')}` : '',
          ': ',
          `${t('adapterStates')[a.state] ?? a.state} · ${t('messagesCount', a.messages)} · ${t('reconnectsCount', a.reconnects)}`,
          a.lastError ? [` · ${t('lastError')}: `, el('code', { translate: 'no' }, a.lastError)] : '',
        ),
      ),
    ),
    el('h3', {}, t('devices')),
    el(
      'table',
      { id: 'device-table' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          [t('profile'), t('device'), t('deviceState'), t('rate'), t('valid'), t('timely'), t('lastMessage')].map((h) =>
            el('th', {}, h),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        s.devices
          .slice(0, 200)
          .map((d) =>
            el(
              'tr',
              {},
              el('td', { translate: 'no' }, d.profile),
              el('td', { translate: 'no' }, d.deviceId),
              el('td', { class: d.online ? 'ok' : 'bad' }, d.online ? t('online') : t('offline')),
              el('td', {}, d.ratePerMinute),
              el('td', {}, percent(d.validShare)),
              el('td', {}, percent(d.timelyShare)),
              el('td', {}, ago(new Date(d.lastMessage).toISOString())),
            ),
          ),
      ),
    ),
    el('h3', {}, t('drops')),
    s.drops.counts.length
      ? el(
          'ul',
          {},
          s.drops.counts.map((d) =>
            el(
              'li',
              { 'data-code': d.code },
              el('span', { translate: 'no' }, d.profile),
              `: ${t('dropReasons')[d.code] ?? d.code} × ${d.count}`,
            ),
          ),
        )
      : el('p', {}, t('noneYet')),
  );
}
