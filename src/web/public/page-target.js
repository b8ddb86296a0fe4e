// One target: identity, credit profile, live signals with evidence, the score as a chart, previous inspections.
import { $, api, el, svg } from './dom.js';
import { distance, eta, reasonText, speed, t } from './i18n.js';
import { passageBadge, passageStep } from './passage.js';
import { creditEntries } from './credit-entries.js';
import { recordHistory } from './record-history.js';
import { siteDate, siteTime } from './site-time.js';

const norm = (s) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

function breakdown(reasons) {
  const scored = reasons.filter((r) => r.points > 0);
  const max = Math.max(1, ...scored.map((r) => r.points));
  const rowH = 24;
  return svg(
    'svg',
    {
      viewBox: `0 0 520 ${scored.length * rowH + 8}`,
      width: 520,
      height: scored.length * rowH + 8,
      role: 'img',
      'aria-label': t('breakdown'),
      class: 'breakdown',
    },
    scored.map((r, i) => [
      svg('text', { x: 0, y: i * rowH + 17 }, r.code),
      svg('rect', { x: 230, y: i * rowH + 5, width: ((240 * r.points) / max).toFixed(1), height: 16, class: 'bar' }),
      svg('text', { x: 236 + (240 * r.points) / max, y: i * rowH + 17 }, `+${r.points}`),
    ]),
  );
}

function overrideForm(x, done) {
  const form = el(
    'form',
    { id: 'override-form', class: 'inline' },
    el(
      'label',
      {},
      t('override'),
      ' ',
      el(
        'select',
        { name: 'tier' },
        ['must-inspect', 'may-inspect', 'random-sample', 'pass'].map((v) =>
          el('option', { value: v, selected: v === x.tier ? 'selected' : undefined }, t(v)),
        ),
      ),
    ),
    el('label', {}, t('reason'), ' ', el('input', { name: 'reason', required: true, minlength: 4, maxlength: 500 })),
    el('button', { type: 'submit' }, t('apply')),
    el('span', { class: 'error', role: 'alert' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('POST', `/api/v1/targets/${encodeURIComponent(x.id)}/override`, {
        tier: form.tier.value,
        reason: form.reason.value,
      });
      done();
    } catch (err) {
      form.querySelector('.error').textContent = `${err.code ?? ''} ${err.message}`;
    }
  });
  return form;
}

async function showPhotos(list) {
  for (const li of list.querySelectorAll('li[data-inspection]')) {
    const id = li.dataset.inspection;
    const { photos } = await api('GET', `/api/v1/inspections/${id}/photos`);
    li.querySelector('.photos').replaceChildren(
      ...photos.map((p) =>
        el(
          'a',
          { href: `/api/v1/inspections/${id}/photos/${p.sha256}`, target: '_blank' },
          el('img', { src: `/api/v1/inspections/${id}/photos/${p.sha256}`, alt: p.sha256.slice(0, 8), class: 'thumb' }),
        ),
      ),
    );
  }
}

/** What checkpoint devices saw: the hull-name camera's read, the gauge's draught, the driver's card (masked). */
function observedLines(o) {
  if (!o) return [];
  const at = (ms) => siteTime(ms);
  const lines = [];
  const s = o.sighting;
  if (s?.hullName)
    lines.push(el('p', { class: 'observed' }, `${t('hullRead')}: ${s.hullName}（${s.station} ${at(s.at)}）`));
  if (s?.draughtM != null)
    lines.push(
      el('p', { class: 'observed' }, `${t('measuredDraught')}: ${s.draughtM.toFixed(2)} m（${at(s.draughtAt)}）`),
    );
  if (o.aisHeard === false) lines.push(el('p', { class: 'bad' }, t('noAis')));
  const d = o.driver;
  if (d) {
    const record = d.onRecord
      ? t('qualifiedFor', d.onRecord.classes.join(','), siteDate(d.onRecord.validUntil))
      : t('driverNotOnRecord');
    lines.push(el('p', { class: d.onRecord ? 'observed' : 'observed bad' }, `${t('driver')}: ${d.masked} · ${record}`));
  }
  return lines;
}

export async function renderTarget(id, actions, user) {
  const page = $('#target-body');
  let data;
  try {
    data = await api('GET', `/api/v1/targets/${encodeURIComponent(id)}`);
  } catch (err) {
    page.replaceChildren(el('p', { class: 'error' }, `${err.code ?? ''} ${err.message}`));
    return;
  }
  const { target: x, credit, signals, inspections, broadcast, observed, entries, disputes } = data;
  const c = credit;
  const subject = c?.vessel ?? c?.vehicle;
  page.replaceChildren(
    el('h2', {}, x.name, ' ', el('span', { class: `tier tier-${x.tier}` }, t(x.tier)), ` ${t('score')} ${x.score}`),
    el(
      'p',
      { id: 'detail-passage' },
      x.passage ? [`${t('passage')} `, passageBadge(x), ' '] : '',
      passageStep(x, () => renderTarget(id, actions, user)),
      ' ',
      el('button', { type: 'button', id: 'detail-inspect', onclick: () => actions.inspect(x) }, t('record')),
    ),
    user?.role === 'officer' ? '' : overrideForm(x, () => renderTarget(id, actions, user)),
    el(
      'section',
      { class: 'cards' },
      el(
        'div',
        { class: 'card' },
        el('h3', {}, t('identity')),
        el('p', {}, `${t(x.kind)} · `, el('code', { translate: 'no' }, x.id)),
        el(
          'p',
          {},
          `${t('distance')} ${distance(x.distanceM, x.kind)} · ${t('speed')} ${speed(x.speed, x.speedUnit)} · ${t('eta')} ${eta(x.etaS)}`,
        ),
        x.kind === 'vessel'
          ? el(
              'p',
              {},
              `${t('broadcastName')}: ${broadcast?.name ?? '—'}`,
              broadcast?.callsign ? ` · ${broadcast.callsign}` : '',
              broadcast?.imo ? ` · IMO ${broadcast.imo}` : '',
            )
          : '',
        subject?.name ? el('p', {}, `${t('registeredName')}: ${subject.nameZh ?? ''} ${subject.name}`) : '',
        broadcast?.name && subject?.name && norm(broadcast.name) !== norm(subject.name) && x.kind === 'vessel'
          ? el('p', { class: 'bad mismatch' }, t('mismatch'))
          : '',
        ...observedLines(observed),
      ),
      el(
        'div',
        { class: 'card' },
        el('h3', {}, t('creditProfile')),
        !c?.known
          ? el('p', { class: 'bad' }, t('notInSnapshot'))
          : [
              el(
                'p',
                {},
                `${t('grade')} ${c.grade ?? t('unknown')}${c.company ? ` · ${t('company')} ${c.company.name}（${c.company.grade}）` : ''}`,
              ),
              c.lists.length
                ? el(
                    'p',
                    {},
                    `${t('lists')}: `,
                    c.lists.map((l) => el('span', { class: `badge badge-${l.list}` }, `${t(l.list)} ${l.reason}`)),
                  )
                : '',
              c.history ? el('p', {}, `${t('history36')}: ${t('inspections36', c.history)}`) : '',
            ],
      ),
      el(
        'div',
        { class: 'card' },
        el('h3', {}, t('signals')),
        signals.length === 0
          ? el('p', {}, t('noneYet'))
          : el(
              'ul',
              {},
              signals.map((s) =>
                el('li', {}, reasonText(s), el('br'), el('code', { class: 'evidence', translate: 'no' }, s.evidence)),
              ),
            ),
      ),
    ),
    el('h3', {}, t('breakdown')),
    breakdown(x.reasons),
    el(
      'ul',
      { class: 'reason-list' },
      x.reasons.map((r) =>
        el(
          'li',
          {},
          `${reasonText(r)} (${r.points >= 0 ? '+' : ''}${r.points})`,
          r.evidence ? el('code', { class: 'evidence', translate: 'no' }, r.evidence) : '',
        ),
      ),
    ),
    el('h3', {}, t('creditEntries')),
    creditEntries(x.id, entries ?? [], disputes ?? [], () => renderTarget(id, actions, user)),
    el('h3', {}, t('history')),
    recordHistory(inspections, () => renderTarget(id, actions, user)),
  );
  const list = $('#detail-inspections');
  if (list?.tagName === 'UL') await showPhotos(list);
}
