// A target's inspection records with their corrections and voids: records are append-only, so an
// amendment is a new record shown under the one it amends, with its reason.
import { api, el } from './dom.js';
import { t } from './i18n.js';
import { siteDateTime } from './site-time.js';

const line = (i) =>
  [
    `${siteDateTime(i.createdAt)} · ${i.officer} · ${t(`result-${i.result}`)} · ${t(`action-${i.action}`)}`,
    i.defects.length ? ` · ${i.defects.map((d) => d.code).join(', ')}` : '',
    i.notes ? ` · ${i.notes}` : '',
  ].join('');

function standingOf(amendments) {
  if (amendments.some((a) => a.amendment === 'void')) return 'void';
  if (amendments.some((a) => a.amendment === 'void-request')) return 'void-requested';
  return amendments.some((a) => a.amendment === 'correction') ? 'corrected' : 'in-force';
}

/** A small form asking for the reason (and, for a correction, the corrected notes). */
function amendForm(record, kind, done) {
  const form = el(
    'form',
    { class: `inline amend amend-${kind}` },
    kind === 'corrections'
      ? el('label', {}, t('notes'), ' ', el('input', { name: 'notes', maxlength: 2000, value: record.notes ?? '' }))
      : '',
    el('label', {}, t('amendReason'), ' ', el('input', { name: 'reason', required: true, maxlength: 500 })),
    el('button', { type: 'submit' }, kind === 'corrections' ? t('correct') : t('voidRecord')),
    el('span', { class: 'error', role: 'alert' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { reason: form.reason.value, ...(form.notes && { notes: form.notes.value }) };
    try {
      await api('POST', `/api/v1/inspections/${record.id}/${kind}`, body);
      done();
    } catch (err) {
      form.querySelector('.error').textContent = `${err.code ?? ''} ${err.message}`;
    }
  });
  return form;
}

function toggle(label, make) {
  const slot = el('span', { class: 'amend-slot' });
  const button = el('button', { type: 'button', class: 'link' }, label);
  button.addEventListener('click', () => slot.replaceChildren(slot.firstChild ? '' : make()));
  return [button, slot];
}

export function recordHistory(inspections, done) {
  if (inspections.length === 0) return el('p', { id: 'detail-inspections' }, t('noneYet'));
  const originals = inspections.filter((i) => !i.amends);
  const byOriginal = new Map(originals.map((i) => [i.id, []]));
  for (const a of inspections) if (a.amends) byOriginal.get(a.amends)?.push(a);
  return el(
    'ul',
    { id: 'detail-inspections' },
    originals.map((i) => {
      const amendments = (byOriginal.get(i.id) ?? []).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      const standing = standingOf(amendments);
      return el(
        'li',
        { 'data-inspection': i.id, 'data-standing': standing, class: standing === 'void' ? 'void' : '' },
        line(i),
        standing === 'in-force' ? '' : el('span', { class: `badge standing-${standing}` }, t(standing)),
        el('span', { class: 'photos' }),
        ' ',
        el('a', { href: `/api/v1/inspections/${i.id}/form`, target: '_blank', class: 'print-form' }, t('printForm')),
        standing === 'void'
          ? ''
          : [
              ' ',
              ...toggle(t('correct'), () => amendForm(i, 'corrections', done)),
              ' ',
              ...toggle(t('voidRecord'), () => amendForm(i, 'void', done)),
            ],
        amendments.length
          ? el(
              'ol',
              { class: 'amendments' },
              amendments.map((a) =>
                el(
                  'li',
                  { 'data-amendment': a.amendment },
                  `${t(a.amendment)} · ${line(a)} · ${t('amendReason')}: ${a.reason}`,
                ),
              ),
            )
          : '',
      );
    }),
  );
}
