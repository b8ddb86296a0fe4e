// Critical device alarms ring on every open terminal (a banner, a tone, a browser notification)
// until an officer acknowledges them with the handling note.
import { $, api, el } from './dom.js';
import { t } from './i18n.js';

const ringing = new Map();
let tone = null;

function beep() {
  try {
    tone ??= new window.AudioContext();
    const osc = tone.createOscillator();
    osc.frequency.value = 880;
    osc.connect(tone.destination);
    osc.start();
    osc.stop(tone.currentTime + 0.25);
  } catch {
    // No audio device: the banner and the notification still show it.
  }
}

function draw() {
  const box = $('#alarm-banner');
  box.hidden = ringing.size === 0;
  box.replaceChildren(
    ...[...ringing.values()].map((a) => {
      const note = el('input', { name: 'note', required: true, maxlength: 2000, 'aria-label': t('handlingNote') });
      const form = el(
        'form',
        { class: 'alarm', 'data-alarm': a.alarmId },
        el('strong', {}, `${t('criticalAlarm')}: ${a.alarm}`),
        ` ${a.targetId} · ${a.raisedAt.slice(11, 19)}${a.clearedAt ? ` · ${t('alarmCleared')}` : ''} `,
        note,
        el('button', { type: 'submit' }, t('acknowledge')),
        el('span', { class: 'error', role: 'alert' }),
      );
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        try {
          await api('POST', `/api/v1/alarms/${a.alarmId}/ack`, { note: note.value });
          ringing.delete(a.alarmId);
          draw();
        } catch (err) {
          form.querySelector('.error').textContent = `${err.code ?? ''} ${err.message}`;
        }
      });
      return form;
    }),
  );
}

/** Takes an alarm's latest state: a critical one not yet acknowledged rings, any other stops. */
export function alarmChanged(a) {
  if (a.critical && !a.acknowledged) {
    const isNew = !ringing.has(a.alarmId);
    ringing.set(a.alarmId, a);
    if (isNew && window.Notification?.permission === 'granted')
      new window.Notification(`${t('criticalAlarm')}: ${a.alarm}`, { body: a.targetId });
  } else ringing.delete(a.alarmId);
  draw();
}

/** On connect: the critical alarms still waiting for an officer ring here too. */
export async function loadAlarms() {
  const { alarms } = await api('GET', '/api/v1/alarms');
  ringing.clear();
  for (const a of alarms) if (a.critical && !a.acknowledged) ringing.set(a.alarmId, a);
  draw();
}

setInterval(() => {
  if (ringing.size > 0) beep();
}, 2000);
