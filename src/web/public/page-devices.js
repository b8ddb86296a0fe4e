// Inputs, devices with their rate and data quality, rejected messages, and the uplink.
import { $, api, el, percent } from './dom.js';
import { ago, t } from './i18n.js';

const CODE_ZH = {
  KAKOU_E_INGEST_UNKNOWN_TOPIC: '未知主题',
  KAKOU_E_INGEST_PAYLOAD: '报文格式错误',
  KAKOU_E_INGEST_IDENTITY: '缺少身份标识',
  KAKOU_E_NMEA_CHECKSUM: 'NMEA校验和错误',
  KAKOU_E_NMEA_FRAMING: 'NMEA格式错误',
  KAKOU_E_AIS_BIT_COUNT: 'AIS长度错误',
  KAKOU_E_AIS_UNSUPPORTED_TYPE: 'AIS类型未解码',
  KAKOU_E_AIS_FRAGMENT: 'AIS分段缺失',
  KAKOU_E_AIS_ARMOUR: 'AIS字符非法',
};
const SYNC_ZH = {
  idle: '已同步',
  sending: '上传中',
  backoff: '中心不可达，稍后重试',
  stopped: '已停止',
  disabled: '未配置上传',
};
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
    el('p', {}, `${s.node.id} (${s.node.version})`),
    el('h3', {}, t('uplink')),
    el(
      'p',
      { class: sync.state === 'backoff' ? 'bad' : '' },
      `${SYNC_ZH[sync.state] ?? sync.state} · ${backlog}${sync.lastError ? ` · ${sync.lastError}` : ''}`,
    ),
    dead.length
      ? el(
          'ul',
          {},
          dead.map((d) =>
            el(
              'li',
              { class: 'bad' },
              `#${d.seq} ${d.kind}: ${d.code} ${d.reason}`,
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
                    '重新上传 / retry',
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
          `${a.name} (${a.kind.toUpperCase()} ${a.url}${a.thread === 'worker' ? ', 独立解码线程' : ''}): ${a.state} · ${a.messages} · ${a.reconnects}${a.lastError ? ` · ${a.lastError}` : ''}`,
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
          ['profile', 'device', '', t('rate'), t('valid'), t('timely'), t('lastMessage')].map((h) => el('th', {}, h)),
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
              el('td', {}, d.profile),
              el('td', {}, d.deviceId),
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
          s.drops.counts.map((d) => el('li', {}, `${d.profile}: ${CODE_ZH[d.code] ?? d.code} × ${d.count}`)),
        )
      : el('p', {}, t('noneYet')),
  );
}
