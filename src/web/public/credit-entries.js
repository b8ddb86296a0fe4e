// A target's credit entries (list entries and 36-month history events) with their standing, and a
// structured dispute (异议) against one: the officer's note and the subject's statement go upstream.
import { api, el } from './dom.js';
import { t } from './i18n.js';
import { siteDate } from './site-time.js';

const WHAT = { inspection: 'inspectionEvent', penalty: 'penalty', accident: 'accident' };

function disputeState(entry, disputes) {
  const d = disputes.find((x) => x.opened.entryKind === entry.entryKind && x.opened.entryId === entry.entryId);
  if (!d) return null;
  return d.resolved ? t('disputeResolved', d.resolved.outcome) : t('disputeOpen');
}

function disputeForm(targetId, entry, done) {
  const form = el(
    'form',
    { class: 'inline dispute-form' },
    el('label', {}, t('officerNote'), ' ', el('input', { name: 'officerNote', required: true, maxlength: 2000 })),
    el(
      'label',
      {},
      t('subjectStatement'),
      ' ',
      el('input', { name: 'subjectStatement', required: true, maxlength: 4000 }),
    ),
    el('button', { type: 'submit' }, t('dispute')),
    el('span', { class: 'error', role: 'alert' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('POST', '/api/v1/disputes', {
        targetId,
        entryKind: entry.entryKind,
        entryId: entry.entryId,
        officerNote: form.officerNote.value,
        subjectStatement: form.subjectStatement.value,
      });
      done();
    } catch (err) {
      form.querySelector('.error').textContent = `${err.code ?? ''} ${err.message}`;
    }
  });
  return form;
}

export function creditEntries(targetId, entries, disputes, done) {
  if (entries.length === 0) return el('p', { id: 'credit-entries' }, t('noneYet'));
  return el(
    'table',
    { id: 'credit-entries' },
    el(
      'tbody',
      {},
      entries.map((e) => {
        const state = disputeState(e, disputes);
        const slot = el('span', { class: 'dispute-slot' });
        const open = () => slot.replaceChildren(slot.firstChild ? '' : disputeForm(targetId, e, done));
        return el(
          'tr',
          { 'data-entry': e.entryId ?? '', 'data-status': e.status },
          el('td', {}, e.entryKind === 'list' ? t('entryList') : t('entryHistory')),
          el('td', {}, e.entryKind === 'list' ? t(e.what) : t(WHAT[e.what] ?? e.what)),
          el('td', {}, e.reason ?? ''),
          el('td', {}, e.atMs ? siteDate(e.atMs) : '—'),
          el('td', {}, el('span', { class: `badge entry-${e.status}` }, t(e.status))),
          el(
            'td',
            {},
            state
              ? el('span', { class: 'dispute-state' }, state)
              : e.entryId
                ? [el('button', { type: 'button', class: 'link', onclick: open }, t('dispute')), slot]
                : el('small', {}, t('noEntryId')),
          ),
        );
      }),
    ),
  );
}
