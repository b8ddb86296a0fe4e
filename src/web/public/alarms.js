// What must not be missed rings on every open terminal until an officer acknowledges it: critical
// device alarms (with the handling note), must-inspect targets approaching and missed passages
// (the node's own alerts). A banner, a tone and a browser notification where permitted; an
// acknowledgement is a record, and stops the alert on every terminal.
import { $, api, el } from './dom.js';
import { alarmName, t } from './i18n.js';
import { siteTime } from './site-time.js';

const NODE_PROFILE = 'kakou';
/** Alerts listed in the banner at once (fewer on a tablet held upright); the rest are counted until these are answered. */
const shown = () => (window.matchMedia('(max-width: 900px)').matches ? 3 : 6);

const ringing = new Map();
let tone = null;
let targets = () => [];

function beep(urgent) {
  try {
    tone ??= new window.AudioContext();
    const osc = tone.createOscillator();
    osc.frequency.value = urgent ? 880 : 660;
    osc.connect(tone.destination);
    osc.start();
    osc.stop(tone.currentTime + 0.25);
  } catch {
    // No audio device: the banner and the notification still show it.
  }
}

const isDevice = (a) => a.profile !== NODE_PROFILE;

function nameOf(targetId) {
  return targets().find((x) => x.id === targetId)?.name ?? targetId.replace(/^(vessel|vehicle):/, '');
}

function row(a) {
  // A device alarm needs its handling note; the node's own alerts are acknowledged as noted, or with a note.
  const note = el('input', {
    name: 'note',
    required: true,
    maxlength: 2000,
    value: isDevice(a) ? '' : t('noted'),
    'aria-label': t('handlingNote'),
  });
  const form = el(
    'form',
    { class: `alarm ${isDevice(a) ? 'alarm-device' : 'alarm-node'}`, 'data-alarm': a.alarmId, 'data-code': a.alarm },
    el('strong', {}, `${isDevice(a) ? t('criticalAlarm') : t('attention')}: ${alarmName(a.alarm)}`),
    el('a', { href: `#target/${encodeURIComponent(a.targetId)}` }, nameOf(a.targetId)),
    el('span', {}, `${siteTime(a.raisedAt)}${a.clearedAt && isDevice(a) ? ` · ${t('alarmCleared')}` : ''}`),
    note,
    el('button', { type: 'submit' }, t('acknowledge')),
    el('span', { class: 'error', role: 'alert' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('POST', `/api/v1/alarms/${encodeURIComponent(a.alarmId)}/ack`, { note: note.value });
      ringing.delete(a.alarmId);
      draw();
    } catch (err) {
      form.querySelector('.error').textContent = `${err.code ?? ''} ${err.message}`;
    }
  });
  return form;
}

function draw() {
  const box = $('#alarm-banner');
  // Device alarms first (people and cargo at risk), then the newest alerts.
  const all = [...ringing.values()].sort(
    (a, b) => Number(isDevice(b)) - Number(isDevice(a)) || b.raisedAt.localeCompare(a.raisedAt),
  );
  box.hidden = all.length === 0;
  box.classList.toggle('alarm-banner-device', all.some(isDevice));
  box.replaceChildren(
    ...all.slice(0, shown()).map(row),
    all.length > shown() ? el('p', { class: 'more-alerts' }, t('moreAlerts', all.length - shown())) : '',
  );
}

function notify(a) {
  if (window.Notification?.permission !== 'granted') return;
  new window.Notification(`${isDevice(a) ? t('criticalAlarm') : t('attention')}: ${alarmName(a.alarm)}`, {
    body: nameOf(a.targetId),
    tag: a.alarmId,
  });
}

/** Takes an alarm's latest state: a critical one not yet acknowledged rings, any other stops. */
export function alarmChanged(a) {
  if (a.critical && !a.acknowledged) {
    const isNew = !ringing.has(a.alarmId);
    ringing.set(a.alarmId, a);
    if (isNew) {
      notify(a);
      beep(isDevice(a));
    }
  } else ringing.delete(a.alarmId);
  draw();
}

/** On connect: the critical alarms and alerts still waiting for an officer ring here too. */
export async function loadAlarms(live) {
  targets = () => live.targets;
  const { alarms } = await api('GET', '/api/v1/alarms?waiting=true&limit=1000');
  ringing.clear();
  for (const a of alarms) ringing.set(a.alarmId, a);
  draw();
}

setInterval(() => {
  if (ringing.size > 0) beep([...ringing.values()].some(isDevice));
}, 2000);
