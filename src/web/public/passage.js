// A target's passage on the terminal: its status, and the officer's next step (call, start, finish).
import { api, el } from './dom.js';
import { t } from './i18n.js';

const NEXT = { approaching: 'call', called: 'start', inspecting: 'finish' };
const OPEN = new Set(['approaching', 'called', 'inspecting']);

/** Still to be dealt with: the to-stop part of the list. */
export const passageOpen = (x) => !x.passage || OPEN.has(x.passage.status);

export function passageBadge(x) {
  const p = x.passage;
  if (!p) return '';
  return el(
    'span',
    { class: `badge passage passage-${p.status}`, title: p.calledBy ? `${t('calledBy')} ${p.calledBy}` : '' },
    t(p.status),
  );
}

/** The button for the passage's next step, or nothing once the officer's part is done (the record is next). */
export function passageStep(x, done) {
  const step = x.passage && !x.passage.finishedAt && NEXT[x.passage.status];
  if (!step) return '';
  const button = el('button', { type: 'button', class: `step step-${step}`, 'data-step': step }, t(step));
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await api('POST', `/api/v1/passages/${encodeURIComponent(x.passage.id)}/${step}`, {});
      done();
    } catch (err) {
      button.disabled = false;
      button.title = `${err.code ?? ''} ${err.message}`;
    }
  });
  return button;
}
