// Chinese by default, English on request; the choice is remembered on this terminal.
import { EN } from './strings-en.js';
import { ZH } from './strings-zh.js';

const STRINGS = { zh: ZH, en: EN };

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
  document.title = t('title');
  // The switch names the other language in that language.
  document.querySelector('#lang')?.setAttribute('lang', l === 'en' ? 'zh-CN' : 'en');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-aria]'))
    node.setAttribute('aria-label', t(node.dataset.i18nAria));
}

export function ago(iso) {
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  return s < 60 ? `${s}${t('secondsAgo')}` : `${Math.round(s / 60)}${t('minutesAgo')}`;
}

export function eta(s) {
  if (s === null || s === undefined) return '—';
  if (s === 0) return t('arrived');
  return s < 60
    ? `${s}${t('seconds')}`
    : s < 3600
      ? `${Math.round(s / 60)}${t('minutes')}`
      : `${(s / 3600).toFixed(1)}${t('hours')}`;
}

/** Metres to the line: nautical miles for a vessel, km for a vehicle, metres close in. */
export function distance(m, kind) {
  if (m === null || m === undefined) return '—';
  if (m < 1000) return `${Math.round(m)} m`;
  return kind === 'vessel' ? `${(m / 1852).toFixed(1)} ${t('nmi')}` : `${(m / 1000).toFixed(1)} km`;
}

/** A speed in the target's own unit: knots for a vessel, km/h for a vehicle. */
export const speed = (v, unit) =>
  v === null || v === undefined ? '—' : `${v.toFixed(1)} ${t(unit === 'kn' ? 'knots' : 'kmh')}`;

/** An alarm or alert code in words; a code the terminal has no words for shows as itself. */
export const alarmName = (code) => t('alarmNames')[code] ?? code;
