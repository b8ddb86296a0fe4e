// Officer terminal: plain ES module, no build step, no external resources.
const TIER_ZH = { 'must-inspect': '必检', 'may-inspect': '可检', 'random-sample': '随机抽检', pass: '放行' };
const KIND_ZH = { vessel: '船舶', vehicle: '车辆' };
const LIST_ZH = { black: '黑名单', red: '红名单', 'key-attention': '重点关注' };
const CODE_ZH = {
  KAKOU_E_INGEST_UNKNOWN_TOPIC: '未知主题', KAKOU_E_INGEST_PAYLOAD: '报文格式错误', KAKOU_E_INGEST_IDENTITY: '缺少身份标识',
  KAKOU_E_NMEA_CHECKSUM: 'NMEA校验和错误', KAKOU_E_NMEA_FRAMING: 'NMEA格式错误', KAKOU_E_AIS_BIT_COUNT: 'AIS长度错误',
  KAKOU_E_AIS_UNSUPPORTED_TYPE: 'AIS类型未解码', KAKOU_E_AIS_FRAGMENT: 'AIS分段缺失', KAKOU_E_AIS_ARMOUR: 'AIS字符非法',
};

const $ = (sel) => document.querySelector(sel);
let targets = [];
// The next hour's boardings against capacity, as the server plans them (null without a capacity).
let capacity = null;
let source = null;
let user = null;

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? '')));
  return node;
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
    credentials: 'same-origin',
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(data.error?.message ?? res.statusText), { code: data.error?.code, status: res.status });
  return data;
}

function show(view) {
  for (const v of ['login-view', 'setup-view', 'main-view']) $(`#${v}`).hidden = v !== view;
}

function ago(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 60 ? `${s}秒前` : `${Math.round(s / 60)}分钟前`;
}

/** Time until the target reaches the checkpoint line at its present course and speed. */
function eta(s) {
  if (s === null || s === undefined) return '—';
  if (s === 0) return '已到达';
  return s < 60 ? `${s}秒` : s < 3600 ? `${Math.round(s / 60)}分钟` : `${(s / 3600).toFixed(1)}小时`;
}

function renderTargets() {
  const tier = $('#filter-tier').value;
  const kind = $('#filter-kind').value;
  const rows = targets.filter((t) => (!tier || t.tier === tier) && (!kind || t.kind === kind));
  const body = $('#targets tbody');
  body.replaceChildren(...rows.map((t) => el('tr', { 'data-id': t.id, 'data-tier': t.tier },
    el('td', {}, el('span', { class: `tier tier-${t.tier}` }, TIER_ZH[t.tier]),
      t.capacity === 'over' ? el('span', { class: 'badge capacity-over', title: '必检目标超出本小时检查能力，不会被放弃' }, '超出能力') : '',
      t.capacity === 'deferred' ? el('span', { class: 'badge capacity-deferred', title: '本小时检查能力已满' }, '顺延') : ''),
    el('td', {}, t.name, ...t.lists.map((l) => el('span', { class: `badge badge-${l}` }, LIST_ZH[l] ?? l))),
    el('td', {}, KIND_ZH[t.kind]),
    el('td', {}, t.score),
    el('td', { class: 'reasons' }, ...t.reasons.map((r) => el('span', { class: 'chip', title: r.evidence ?? r.textEn }, r.text, r.points > 0 ? el('b', {}, ` +${r.points}`) : ''))),
    el('td', {}, t.grade ?? '未知'),
    el('td', {}, t.distanceM === null ? '—' : t.distanceM >= 1000 ? `${(t.distanceM / 1000).toFixed(1)} km` : `${t.distanceM} m`),
    el('td', { class: t.crossingSoon ? 'eta-soon' : '' }, eta(t.etaS)),
    el('td', {}, ago(t.lastSeen)),
    el('td', {}, el('button', { type: 'button', onclick: () => openInspection(t) }, '检查')),
  )));
  const counts = Object.fromEntries(Object.keys(TIER_ZH).map((k) => [k, 0]));
  for (const t of targets) counts[t.tier]++;
  const cap = capacity ? `；未来一小时到达待检目标 ${capacity.arriving} 个，检查能力 ${capacity.boardingsPerHour} 个/小时${capacity.mustOver ? `，${capacity.mustOver} 个必检目标超出能力` : ''}` : '';
  $('#tier-counts').textContent = `共 ${targets.length} 个目标：` + Object.entries(counts).map(([k, n]) => `${TIER_ZH[k]} ${n}`).join('，') + cap;
}

function openInspection(t) {
  const form = $('#inspect-form');
  form.reset();
  form.targetId.value = t.id;
  $('#inspect-target').textContent = `${t.name}（${TIER_ZH[t.tier]}，评分 ${t.score}）`;
  $('#inspect-error').textContent = '';
  $('#inspect-dialog').showModal();
}

async function saveInspection(ev) {
  ev.preventDefault();
  const f = ev.target;
  const defects = f.defects.value.split(/[,，\s]+/).filter(Boolean).map((code) => ({ code }));
  try {
    await api('POST', '/api/v1/inspections', { targetId: f.targetId.value, result: f.result.value, action: f.action.value, defects, notes: f.notes.value || undefined });
    $('#inspect-dialog').close();
    $('#header-status').textContent = '检查记录已保存，待上传';
  } catch (err) {
    $('#inspect-error').textContent = `${err.code ?? ''} ${err.message}`;
  }
}

async function refreshStatus() {
  try {
    const s = await api('GET', '/api/v1/status');
    $('#site-name').textContent = s.site.name;
    const up = (a) => a.state === 'connected' || a.state === 'listening';
    const down = s.adapters.filter((a) => !up(a));
    const snap = s.snapshot;
    $('#header-status').replaceChildren(
      el('span', { class: down.length === 0 ? 'ok' : 'bad' }, down.length === 0 ? '数据接入：正常' : `数据接入中断：${down.map((a) => a.name).join('、')}`), ' · ',
      el('span', { class: snap.loaded && !snap.stale ? 'ok' : 'bad' }, `信用快照：${snap.loaded ? `v${snap.version}` : '未加载'}`),
    );
    const warn = $('#stale-warning');
    warn.hidden = snap.loaded && !snap.stale && !snap.expired;
    warn.textContent = !snap.loaded ? '未加载信用快照：评分仅依据实时行为。' : snap.expired ? `信用快照已过期（有效期至 ${snap.validUntil}）。` : `信用数据可能已过时（发布于 ${snap.issuedAt}）。`;
    const sync = s.sync ?? { state: 'disabled' };
    const SYNC_ZH = { idle: '已同步', sending: '上传中', backoff: '中心不可达，稍后重试', stopped: '已停止', disabled: '未配置上传' };
    const backlog = s.outbox.reduce((n, l) => n + l.count, 0);
    const dead = (await api('GET', '/api/v1/sync/dead-letters')).deadLetters;
    const deadItems = dead.map((d) => el('li', { class: 'bad' }, `#${d.seq} ${d.kind}：${d.code} ${d.reason}`,
      user?.role === 'admin' ? el('button', { type: 'button', onclick: async () => { await api('POST', `/api/v1/sync/dead-letters/${d.seq}/retry`); refreshStatus(); } }, '重新上传') : ''));
    const drops = s.drops.counts.map((d) => el('li', {}, `${d.profile}：${CODE_ZH[d.code] ?? d.code} × ${d.count}`));
    const STATE_ZH = { connecting: '连接中', connected: '已连接', listening: '监听中', reconnecting: '重连中', offline: '中断', stopped: '已停止' };
    const inputs = s.adapters.map((a) => el('li', { class: up(a) ? '' : 'bad' },
      `${a.name}（${a.kind.toUpperCase()} ${a.url}）：${STATE_ZH[a.state] ?? a.state}，自 ${new Date(a.since).toLocaleTimeString('zh-CN')}，` +
      `消息 ${a.messages}，重连 ${a.reconnects}${a.lastError ? `，最近错误：${a.lastError}` : ''}`));
    const devices = s.devices.slice(0, 50).map((d) => el('li', {}, `${d.profile} / ${d.deviceId}：${d.online ? '在线' : '离线'}，消息 ${d.messages}，异常 ${d.dropped}`));
    $('#status-body').replaceChildren(
      el('p', {}, `节点 ${s.node.id}（${s.node.version}） · 班次 ${s.shift.current.id} · 随机抽取承诺 SHA-256 ${s.shift.current.commitment.slice(0, 16)}…`),
      el('h3', {}, '上传中心'),
      el('p', { class: sync.state === 'backoff' ? 'bad' : '' }, `${SYNC_ZH[sync.state] ?? sync.state}，待上传 ${backlog} 条${sync.lastError ? `（${sync.lastError}）` : ''}`),
      deadItems.length ? el('ul', {}, ...deadItems) : el('p', {}, '无被中心拒收的记录'),
      el('h3', {}, '数据接入'), el('ul', {}, ...inputs),
      el('h3', {}, '被拒绝的消息'), drops.length ? el('ul', {}, ...drops) : el('p', {}, '无'),
      el('h3', {}, '设备'), el('ul', {}, ...devices),
    );
  } catch (err) {
    if (err.status === 401) start();
  }
}

function connectEvents() {
  source?.close();
  source = new EventSource('/api/v1/events');
  source.addEventListener('targets', (ev) => {
    ({ targets, capacity } = JSON.parse(ev.data));
    renderTargets();
  });
  source.onerror = () => { $('#header-status').textContent = '实时连接中断，正在重连…'; };
}

async function start() {
  const session = await api('GET', '/api/v1/session');
  user = session.user;
  const setupRequired = session.setupRequired;
  $('#user-box').hidden = !user;
  if (!user) {
    source?.close();
    show(setupRequired ? 'setup-view' : 'login-view');
    return;
  }
  $('#user-name').textContent = `${user.username}（${user.role}）`;
  show('main-view');
  connectEvents();
  refreshStatus();
}

$('#login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  try {
    await api('POST', '/api/v1/session', { username: f.username.value, password: f.password.value });
    f.reset();
    $('#login-error').textContent = '';
    start();
  } catch (err) {
    $('#login-error').textContent = err.code === 'KAKOU_E_AUTH_RATE_LIMITED' ? '尝试次数过多，请稍后再试。' : '用户名或密码错误。';
  }
});
$('#setup-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const f = ev.target;
  try {
    await api('POST', '/api/v1/setup', { setupToken: f.setupToken.value, username: f.username.value, password: f.password.value });
    start();
  } catch (err) {
    $('#setup-error').textContent = `${err.code ?? ''} ${err.message}`;
  }
});
$('#logout').addEventListener('click', async () => { await api('DELETE', '/api/v1/session'); start(); });
$('#filter-tier').addEventListener('change', renderTargets);
$('#filter-kind').addEventListener('change', renderTargets);
$('#inspect-form').addEventListener('submit', saveInspection);
$('#inspect-cancel').addEventListener('click', () => $('#inspect-dialog').close());
setInterval(() => { if (!$('#main-view').hidden) refreshStatus(); }, 5000);
start();
