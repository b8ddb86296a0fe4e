// Officer terminal: plain ES modules, no build step, no external resources. Pages by URL hash.
import { alarmChanged, loadAlarms } from './alarms.js';
import { $, api, el } from './dom.js';
import { lang, setLang, t } from './i18n.js';
import { renderAdmin } from './page-admin.js';
import { renderDevices } from './page-devices.js';
import { renderList } from './page-list.js';
import { renderMap } from './page-map.js';
import { renderArriving } from './arriving.js';
import { setGates } from './filters.js';
import { setTheme, theme } from './theme.js';
import { renderShift } from './page-shift.js';
import { renderTarget } from './page-target.js';
import { setSiteOffset, siteDateTime } from './site-time.js';

const PAGES = ['list', 'map', 'target', 'shift', 'devices', 'admin'];
const state = { targets: [], capacity: null, status: null, user: null, refresh: () => refreshStatus() };
let source = null;

function show(view) {
  for (const v of ['login-view', 'setup-view', 'password-view', 'main-view']) $(`#${v}`).hidden = v !== view;
}

function route() {
  const [page, ...rest] = (location.hash.slice(1) || 'list').split('/');
  const name = PAGES.includes(page) ? page : 'list';
  for (const p of PAGES) $(`#page-${p}`).hidden = p !== name;
  $('#filters').hidden = name !== 'list' && name !== 'map';
  renderArriving(state.targets, name === 'list' || name === 'map');
  for (const a of document.querySelectorAll('nav a'))
    a.classList.toggle('active', a.getAttribute('href') === `#${name}`);
  return { name, arg: decodeURIComponent(rest.join('/')) };
}

async function render() {
  const { name, arg } = route();
  if (name === 'list') renderList(state, actions);
  else if (name === 'map') await renderMap(state);
  else if (name === 'target') await renderTarget(arg, actions, state.user);
  else if (name === 'shift') await renderShift();
  else if (name === 'devices') await renderDevices(state);
  else if (name === 'admin') await renderAdmin(state);
}

let defectCodes = null;

const actions = {
  async inspect(target) {
    const form = $('#inspect-form');
    form.reset();
    defectCodes ??= (await api('GET', '/api/v1/defect-codes')).codes;
    $('#defect-list').replaceChildren(
      el('legend', {}, t('defectCodes')),
      ...defectCodes
        .filter((d) => d.kind === target.kind)
        .map((d) =>
          el(
            'label',
            { class: 'defect' },
            el('input', { type: 'checkbox', name: 'defect', value: d.code }),
            ` ${d.code} ${lang === 'en' ? d.en : d.zh}`,
          ),
        ),
    );
    form.targetId.value = target.id;
    $('#inspect-target').textContent = target.offList
      ? `${target.name} (${t('offList')})`
      : `${target.name} (${t(target.tier)}, ${t('score')} ${target.score})`;
    $('#inspect-error').textContent = '';
    $('#inspect-dialog').showModal();
  },
};

async function saveInspection(ev) {
  ev.preventDefault();
  const f = ev.target;
  const defects = [...f.querySelectorAll('input[name=defect]:checked')].map((c) => ({ code: c.value }));
  const notes = f.notes.value;
  try {
    const { inspection } = await api('POST', '/api/v1/inspections', {
      targetId: f.targetId.value,
      result: f.result.value,
      action: f.action.value,
      defects,
      ...(notes && { notes }),
    });
    for (const file of [...f.camera.files, ...f.photos.files]) {
      const dataBase64 = await new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result).split(',')[1]);
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(file);
      });
      await api('POST', `/api/v1/inspections/${inspection.id}/photos`, { contentType: file.type, dataBase64 });
    }
    $('#inspect-dialog').close();
    $('#header-status').textContent = t('saved');
    render();
  } catch (err) {
    $('#inspect-error').textContent = `${err.code ?? ''} ${err.message}`;
  }
}

async function refreshStatus() {
  try {
    const s = await api('GET', '/api/v1/status');
    state.status = s;
    setSiteOffset(s.site.utcOffsetMinutes);
    setGates(s.gates ?? []);
    $('#site-name').textContent = s.site.name;
    const down = s.adapters.filter((a) => a.state !== 'connected' && a.state !== 'listening');
    const snap = s.snapshot;
    $('#header-status').replaceChildren(
      el(
        'span',
        { class: down.length === 0 ? 'ok' : 'bad' },
        down.length === 0 ? t('inputsOk') : t('inputsDown', down.map((a) => a.name).join(', ')),
      ),
      ' · ',
      el(
        'span',
        { class: snap.loaded && !snap.stale ? 'ok' : 'bad' },
        `${t('snapshot')}: ${snap.loaded ? `v${snap.version}` : t('notLoaded')}`,
      ),
      // Outages an officer must know of while they last: records wait to go up, or cannot be saved.
      ...(s.sync?.state === 'backoff'
        ? [
            ' · ',
            el(
              'span',
              { class: 'bad', id: 'uplink-down' },
              t(
                'uplinkDown',
                s.outbox.reduce((n, l) => n + l.count, 0),
              ),
            ),
          ]
        : []),
      ...(s.storage && !s.storage.writable
        ? [' · ', el('span', { class: 'bad', id: 'storage-full' }, t('storageFull', s.storage.failure))]
        : []),
    );
    const warn = $('#stale-warning');
    warn.hidden = snap.loaded && !snap.stale && !snap.expired;
    warn.textContent = !snap.loaded
      ? t('staleNone')
      : snap.expired
        ? t('staleExpired', siteDateTime(snap.validUntil))
        : t('stale', siteDateTime(snap.issuedAt));
    const { name } = route();
    if (name === 'devices' || name === 'admin') render();
  } catch (err) {
    if (err.status === 401) start();
  }
}

function connectEvents() {
  source?.close();
  source = new EventSource('/api/v1/events');
  source.addEventListener('targets', (ev) => {
    ({ targets: state.targets, capacity: state.capacity } = JSON.parse(ev.data));
    const { name } = route();
    if (name === 'list') renderList(state, actions);
    else if (name === 'map') renderMap(state);
  });
  source.addEventListener('alarm', (ev) => alarmChanged(JSON.parse(ev.data)));
  // The server ends the stream with its session: back to the login page, not a reconnect loop.
  source.addEventListener('session-ended', () => {
    source.close();
    start();
  });
  source.onerror = () => {
    $('#header-status').textContent = t('streamDown');
  };
}

async function start() {
  const session = await api('GET', '/api/v1/session');
  state.user = session.user;
  $('#user-box').hidden = !state.user;
  if (!state.user) {
    source?.close();
    show(session.setupRequired ? 'setup-view' : 'login-view');
    return;
  }
  $('#user-name').replaceChildren(
    el('span', { translate: 'no' }, state.user.username),
    ` (${t(`role-${state.user.role}`)})`,
  );
  if (state.user.mustChangePassword) {
    // After an administrator's reset the session may only choose a new password.
    source?.close();
    show('password-view');
    return;
  }
  $('#nav-admin').hidden = state.user.role === 'officer';
  show('main-view');
  connectEvents();
  await loadAlarms(state);
  await refreshStatus();
  render();
}

$('#login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  try {
    await api('POST', '/api/v1/session', { username: f.username.value, password: f.password.value });
    // Asked on a click, as browsers require: critical alarms then also show as notifications.
    window.Notification?.requestPermission?.().catch(() => undefined);
    f.reset();
    $('#login-error').textContent = '';
    start();
  } catch (err) {
    $('#login-error').textContent = err.code === 'KAKOU_E_AUTH_RATE_LIMITED' ? t('rateLimited') : t('loginFailed');
  }
});
$('#setup-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  try {
    await api('POST', '/api/v1/setup', {
      setupToken: f.setupToken.value,
      username: f.username.value,
      password: f.password.value,
    });
    start();
  } catch (err) {
    $('#setup-error').textContent = `${err.code ?? ''} ${err.message}`;
  }
});
$('#password-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  try {
    await api('POST', '/api/v1/session/password', { password: f.password.value, newPassword: f.newPassword.value });
    f.reset();
    $('#password-error').textContent = '';
    start();
  } catch (err) {
    $('#password-error').textContent = `${err.code ?? ''} ${err.message}`;
  }
});
$('#logout').addEventListener('click', async () => {
  await api('DELETE', '/api/v1/session');
  start();
});
$('#theme').addEventListener('click', () => {
  setTheme(theme === 'night' ? 'day' : 'night');
});
$('#lang').addEventListener('click', () => {
  setLang(lang === 'en' ? 'zh' : 'en');
  render();
});
$('#filter-tier').addEventListener('change', render);
$('#filter-kind').addEventListener('change', render);
$('#filter-gate').addEventListener('change', render);
$('#inspect-form').addEventListener('submit', saveInspection);
// A subject the live list does not name (no AIS, a tip-off, a walk-in): recorded by MMSI, ship name or plate.
$('#off-list-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const f = ev.target;
  const subject = f.subject.value.trim();
  const kind = f.by.value === 'vehicle' ? 'vehicle' : 'vessel';
  actions.inspect({ id: `${f.by.value}:${subject}`, kind, name: subject, offList: true });
});
$('#inspect-cancel').addEventListener('click', () => $('#inspect-dialog').close());
window.addEventListener('hashchange', render);
setInterval(() => {
  if (!$('#main-view').hidden) refreshStatus();
}, 5000);
setTheme(theme);
setLang(lang);
start();
