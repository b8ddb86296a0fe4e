// Administration: users and roles (administrators), the policy in force, device profiles, the snapshot.
import { $, api, el, percent } from './dom.js';
import { t } from './i18n.js';

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
        ['officer', 'supervisor', 'admin'].map((r) => el('option', { value: r }, r)),
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
      {},
      `${p.name}@${p.version} · must ≥ ${p.thresholds.mustInspect} · may ≥ ${p.thresholds.mayInspect} · control ${percent(p.controlRate)}` +
        `${p.capacity ? ` · ${p.capacity.boardingsPerHour}/h` : ''}${p.burdenCap ? ` · burden cap ${p.burdenCap.cleanWithinDays} d` : ''}`,
    ),
    el(
      'p',
      {},
      Object.entries(p.samplingRates)
        .map(([g, r]) => `${g} ${percent(r)}`)
        .join(' · '),
    ),
    el('h3', {}, t('snapshot')),
    el(
      'p',
      {},
      s.snapshot.loaded
        ? `v${s.snapshot.version} · ${s.snapshot.issuedAt} → ${s.snapshot.validUntil}${s.snapshot.stale ? ' · stale' : ''}`
        : t('notLoaded'),
    ),
    el('h3', {}, t('profiles')),
    el(
      'ul',
      {},
      s.profiles.map((x) => el('li', {}, `${x.id} · ${x.name} · ${x.topic} · ${x.payload}`)),
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
              users.map((u) =>
                el('tr', {}, el('td', {}, u.username), el('td', {}, u.role), el('td', {}, u.createdAt.slice(0, 10))),
              ),
            ),
          ),
          el('h3', {}, t('createUser')),
          form,
        ]
      : []),
  );
}
