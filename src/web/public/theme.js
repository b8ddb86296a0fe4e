// Day or night theme, chosen per terminal and remembered on it (a dark control room, a sunlit gate).
import { $ } from './dom.js';
import { t } from './i18n.js';

export let theme = localStorage.getItem('kakou.theme') === 'night' ? 'night' : 'day';

export function setTheme(name) {
  theme = name;
  localStorage.setItem('kakou.theme', name);
  document.documentElement.dataset.theme = name;
  const button = $('#theme');
  button.setAttribute('aria-pressed', String(name === 'night'));
  button.dataset.i18n = name === 'night' ? 'themeDay' : 'themeNight';
  button.textContent = t(button.dataset.i18n);
}
