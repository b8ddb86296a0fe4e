// Chinese by default, English on request; the choice is remembered on this terminal.
const STRINGS = {
  zh: {
    title: '卡口检查终端', login: '登录', username: '用户名', password: '密码', logout: '退出', loginFailed: '用户名或密码错误。', rateLimited: '尝试次数过多，请稍后再试。',
    navList: '目标列表', navPlot: '态势图', navShift: '本班次', navDevices: '设备', navAdmin: '管理',
    tier: '等级', all: '全部', kind: '类型', name: '名称 / 车牌', score: '评分', reasons: '理由', credit: '信用', distance: '距卡口', eta: '预计到达', updated: '最后更新',
    inspect: '检查', detail: '详情', arrived: '已到达', unknown: '未知', secondsAgo: '秒前', minutesAgo: '分钟前', seconds: '秒', minutes: '分钟', hours: '小时',
    'must-inspect': '必检', 'may-inspect': '可检', 'random-sample': '随机抽检', pass: '放行', vessel: '船舶', vehicle: '车辆',
    black: '黑名单', red: '红名单', 'key-attention': '重点关注', over: '超出能力', deferred: '顺延',
    targetsCount: (n) => `共 ${n} 个目标：`, capacityLine: (c) => `；未来一小时到达待检目标 ${c.arriving} 个，检查能力 ${c.boardingsPerHour} 个/小时${c.mustOver ? `，${c.mustOver} 个必检目标超出能力` : ''}`,
    saved: '检查记录已保存，待上传', streamDown: '实时连接中断，正在重连…', inputsOk: '数据接入：正常', inputsDown: (names) => `数据接入中断：${names}`,
    snapshot: '信用快照', notLoaded: '未加载', staleNone: '未加载信用快照：评分仅依据实时行为。', staleExpired: (d) => `信用快照已过期（有效期至 ${d}）。`, stale: (d) => `信用数据可能已过时（发布于 ${d}）。`,
    identity: '身份', creditProfile: '信用档案', signals: '实时信号', breakdown: '评分构成', history: '检查记录', noneYet: '无', company: '所属企业', grade: '信用等级', lists: '名单', history36: '近36个月',
    inspections36: (h) => `检查 ${h.inspections} 次，缺陷 ${h.deficiencies} 项，滞留 ${h.detentions} 次，处罚 ${h.penalties} 次，事故 ${h.accidents} 起`, notInSnapshot: '未在信用快照中登记',
    record: '记录检查', dispute: '对信用记录提出异议', shiftTitle: '本班次', commitment: '随机抽取承诺（SHA-256）', revealed: '已公开种子', decisions: '本班次决定', done: '已检查', pending: '待检查',
    devicesTitle: '设备与数据接入', inputs: '数据接入', devices: '设备', online: '在线', offline: '离线', rate: '消息/分钟', valid: '合格率', timely: '及时率', lastMessage: '最后消息',
    drops: '被拒绝的消息', uplink: '上传中心', adminTitle: '管理', users: '用户与角色', createUser: '新建用户', role: '角色', create: '创建', policy: '评分策略', profiles: '设备配置', plotTitle: '卡口态势图',
    broadcastName: 'AIS播报', registeredName: '登记信息', mismatch: '播报身份与登记信息不一致', override: '人工调整等级', reason: '理由', apply: '确定', defectCodes: '缺陷代码', photos: '照片',
    uplinkDown: (n) => `上传中心中断，${n} 条记录待上传`, storageFull: (why) => `存储已满，无法保存新记录（${why}）`,
    hullRead: '船名识别', measuredDraught: '实测吃水', noAis: '未收到AIS信号', driver: '驾驶员', driverNotOnRecord: '不在从业资格库', qualifiedFor: (c, d) => `资格类别 ${c || '无'}，有效期至 ${d}`,
    lang: 'English',
  },
  en: {
    title: 'Checkpoint terminal', login: 'Log in', username: 'User name', password: 'Password', logout: 'Log out', loginFailed: 'Wrong user name or password.', rateLimited: 'Too many attempts; wait a moment.',
    navList: 'Targets', navPlot: 'Plot', navShift: 'Shift', navDevices: 'Devices', navAdmin: 'Admin',
    tier: 'Tier', all: 'All', kind: 'Kind', name: 'Name / plate', score: 'Score', reasons: 'Reasons', credit: 'Credit', distance: 'Distance', eta: 'ETA', updated: 'Updated',
    inspect: 'Inspect', detail: 'Detail', arrived: 'at the gate', unknown: 'unknown', secondsAgo: ' s ago', minutesAgo: ' min ago', seconds: ' s', minutes: ' min', hours: ' h',
    'must-inspect': 'must inspect', 'may-inspect': 'may inspect', 'random-sample': 'random sample', pass: 'pass', vessel: 'vessel', vehicle: 'vehicle',
    black: 'black list', red: 'red list', 'key-attention': 'key attention', over: 'over capacity', deferred: 'deferred',
    targetsCount: (n) => `${n} targets: `, capacityLine: (c) => `; next hour: ${c.arriving} selected arriving, capacity ${c.boardingsPerHour}/h${c.mustOver ? `, ${c.mustOver} must-inspect over capacity` : ''}`,
    saved: 'Inspection saved, queued for upload', streamDown: 'Live feed interrupted, reconnecting…', inputsOk: 'Inputs: up', inputsDown: (names) => `Input down: ${names}`,
    snapshot: 'Credit snapshot', notLoaded: 'not loaded', staleNone: 'No credit snapshot: scoring on live behaviour only.', staleExpired: (d) => `Credit snapshot expired (valid until ${d}).`, stale: (d) => `Credit data may be stale (issued ${d}).`,
    identity: 'Identity', creditProfile: 'Credit profile', signals: 'Live signals', breakdown: 'Score breakdown', history: 'Inspections', noneYet: 'none', company: 'Company', grade: 'Grade', lists: 'Lists', history36: 'Last 36 months',
    inspections36: (h) => `${h.inspections} inspections, ${h.deficiencies} deficiencies, ${h.detentions} detentions, ${h.penalties} penalties, ${h.accidents} accidents`, notInSnapshot: 'not in the credit snapshot',
    record: 'Record inspection', dispute: 'Dispute a credit record', shiftTitle: 'This shift', commitment: 'Random-draw commitment (SHA-256)', revealed: 'Revealed seed', decisions: 'Decisions this shift', done: 'inspected', pending: 'pending',
    devicesTitle: 'Devices and inputs', inputs: 'Inputs', devices: 'Devices', online: 'online', offline: 'offline', rate: 'msgs/min', valid: 'valid', timely: 'on time', lastMessage: 'last message',
    drops: 'Rejected messages', uplink: 'Uplink', adminTitle: 'Administration', users: 'Users and roles', createUser: 'New user', role: 'Role', create: 'Create', policy: 'Targeting policy', profiles: 'Device profiles', plotTitle: 'Checkpoint plot',
    broadcastName: 'Broadcast (AIS)', registeredName: 'On record', mismatch: 'broadcast identity differs from the record', override: 'Override tier', reason: 'Reason', apply: 'Apply', defectCodes: 'Defect codes', photos: 'Photos',
    uplinkDown: (n) => `Uplink down, ${n} records waiting`, storageFull: (why) => `Storage full: new records cannot be saved (${why})`,
    hullRead: 'Hull name read', measuredDraught: 'Measured draught', noAis: 'no AIS heard', driver: 'Driver', driverNotOnRecord: 'not on the qualification register', qualifiedFor: (c, d) => `classes ${c || 'none'}, valid until ${d}`,
    lang: '中文',
  },
};

export let lang = localStorage.getItem('kakou.lang') === 'en' ? 'en' : 'zh';

export function t(key, ...args) {
  const v = STRINGS[lang][key] ?? STRINGS.zh[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
}

/** The reason text in the terminal's language. */
export const reasonText = (r) => (lang === 'en' ? r.textEn : r.text);

export function setLang(l) {
  lang = l;
  localStorage.setItem('kakou.lang', l);
  document.documentElement.lang = l === 'en' ? 'en' : 'zh-CN';
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
}

export function ago(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 60 ? `${s}${t('secondsAgo')}` : `${Math.round(s / 60)}${t('minutesAgo')}`;
}

export function eta(s) {
  if (s === null || s === undefined) return '—';
  if (s === 0) return t('arrived');
  return s < 60 ? `${s}${t('seconds')}` : s < 3600 ? `${Math.round(s / 60)}${t('minutes')}` : `${(s / 3600).toFixed(1)}${t('hours')}`;
}

export const distance = (m) => (m === null ? '—' : m >= 1000 ? `${(m / 1000).toFixed(1)} km` : `${m} m`);
