// Administration: users and roles (administrators), the policy in force, device profiles, the snapshot.
import { $, api, el, percent } from './dom.js';
import { t } from './i18n.js';
import { siteDate, siteDateTime } from './site-time.js';

/** One account: its role (changeable), its state, and the administrator's actions on it. */
function userRow(state, u) {
  const status = el('span', { class: 'error', role: 'alert' });
  const act = async (fn) => {
    try {
      await fn();
      renderAdmin(state);
    } catch (err) {
      status.textContent = `${err.code ?? ''} ${err.message}`;
    }
  };
  const role = el(
    'select',
    { 'aria-labelledby': `user-${u.username}` },
    ['officer', 'supervisor', 'admin'].map((r) =>
      el('option', { value: r, ...(r === u.role && { selected: true }) }, t(`role-${r}`)),
    ),
  );
  role.addEventListener('change', () => act(() => api('PATCH', `/api/v1/users/${u.username}`, { role: role.value })));
  const toggle = el('button', { type: 'button' }, u.disabled ? t('enableUser') : t('disableUser'));
  toggle.addEventListener('click', () =>
    act(() => api('PATCH', `/api/v1/users/${u.username}`, { disabled: !u.disabled })),
  );
  const reset = el('button', { type: 'button' }, t('resetPassword'));
  reset.addEventListener('click', async () => {
    try {
      const { temporaryPassword } = await api('POST', `/api/v1/users/${u.username}/password-reset`);
      // Shown here once, to hand to the user; it must be changed at the next login.
      status.className = 'notice';
      status.textContent = `${t('temporaryPassword')} ${u.username}: ${temporaryPassword}`;
    } catch (err) {
      status.textContent = `${err.code ?? ''} ${err.message}`;
    }
  });
  return el(
    'tr',
    {},
    el('td', { translate: 'no', id: `user-${u.username}` }, u.username),
    el('td', {}, role),
    el('td', {}, u.disabled ? t('disabled') : u.mustChangePassword ? t('mustChangePassword') : ''),
    el('td', {}, siteDate(u.createdAt)),
    el('td', {}, toggle, ' ', reset, status),
  );
}

/** The score cut-offs in force: by volume (they follow the traffic) or the policy's points. */
function cutoffsText(p) {
  const c = p.cutoffs;
  return c.source === 'volume'
    ? t(
        'cutoffsByVolume',
        c.mustInspect,
        c.mayInspect,
        p.thresholds.mustInspectPerHour,
        p.thresholds.mayInspectPerHour ?? 0,
        Math.round(c.passagesPerHour),
      )
    : t('cutoffsByPoints', c.mustInspect, c.mayInspect);
}

export async function renderAdmin(state) {
  const s = state.status;
  if (!s) return;
  const isAdmin = state.user?.role === 'admin';
  const users = isAdmin ? (await api('GET', '/api/v1/users')).users : [];
  const form = el(
    'form',
    { id: 'user-form' },
    el('label', {}, t('username'), ' ', el('input', { name: 'username', required: true, pattern: '[A-Za-z0-9._-]+' })),
    el(
      'label',
      {},
      t('password'),
      ' ',
      el('input', { name: 'password', type: 'password', required: true, minlength: 10, autocomplete: 'new-password' }),
    ),
    el(
      'label',
      {},
      t('role'),
      ' ',
      el(
        'select',
        { name: 'role' },
        ['officer', 'supervisor', 'admin'].map((r) => el('option', { value: r }, t(`role-${r}`))),
      ),
    ),
    el('button', { type: 'submit' }, t('create')),
    el('span', { class: 'error', role: 'alert' }),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await api('POST', '/api/v1/users', {
        username: form.username.value,
        password: form.password.value,
        role: form.role.value,
      });
      renderAdmin(state);
    } catch (err) {
      form.querySelector('.error').textContent = `${err.code ?? ''} ${err.message}`;
    }
  });
  const p = s.policy;
  $('#admin-body').replaceChildren(
    el('h3', {}, t('policy')),
    el(
      'p',
      { id: 'policy-line' },
      el('span', { translate: 'no' }, `${p.name}@${p.version}`),
      ` · ${t('must-inspect')} ≥ ${p.thresholds.mustInspect} · ${t('may-inspect')} ≥ ${p.thresholds.mayInspect}`,
      ` · ${t('controlRate')} ${percent(p.controlRate)}`,
      p.capacity ? ` · ${t('capacityPerHour', p.capacity.boardingsPerHour)}` : '',
      p.burdenCap ? ` · ${t('burdenCapDays', p.burdenCap.cleanWithinDays)}` : '',
    ),
    el(
      'p',
      {},
      Object.entries(p.samplingRates)
        .map(([g, r]) => `${g === 'unknown' ? t('gradeUnknown') : g} ${percent(r)}`)
        .join(' · '),
    ),
    p.cutoffs ? el('p', { id: 'policy-cutoffs' }, cutoffsText(p)) : '',
    el(
      'p',
      { id: 'policy-from' },
      p.serial === null ? t('policyLocal') : t('policySigned', p.serial),
      ' · ',
      el('code', { translate: 'no' }, p.from),
    ),
    el('h3', {}, t('snapshot')),
    el(
      'p',
      {},
      s.snapshot.loaded
        ? [
            `v${s.snapshot.version} · ${siteDateTime(s.snapshot.issuedAt)} → ${siteDateTime(s.snapshot.validUntil)}`,
            s.snapshot.stale ? ` · ${t('staleShort')}` : '',
          ]
        : t('notLoaded'),
    ),
    el('h3', {}, t('profiles')),
    el(
      'ul',
      {},
      s.profiles.map((x) =>
        el(
          'li',
          {},
          el('code', { translate: 'no' }, x.id),
          ' · ',
          el('span', { translate: 'no' }, x.name),
          ' · ',
          el('code', { translate: 'no' }, `${x.topic} · ${x.payload}`),
        ),
      ),
    ),
    ...(isAdmin
      ? [
          el('h3', {}, t('users')),
          el(
            'table',
            { id: 'user-table' },
            el(
              'tbody',
              {},
              users.map((u) => userRow(state, u)),
            ),
          ),
          el('h3', {}, t('createUser')),
          form,
        ]
      : []),
  );
}
