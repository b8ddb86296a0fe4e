// The arriving strip above the list and the map: the next subjects to stop that will reach the line,
// in ETA order with their tier, so the team knows whom to call next (at the gate the filters show).
import { $, el } from './dom.js';
import { eta, t } from './i18n.js';
import { filtered } from './filters.js';
import { passageOpen } from './passage.js';

const SHOWN = 8;

export function renderArriving(targets, visible) {
  const next = filtered(targets)
    .filter((x) => x.tier !== 'pass' && x.etaS !== null && passageOpen(x))
    .sort((a, b) => a.etaS - b.etaS)
    .slice(0, SHOWN);
  const strip = $('#arriving');
  strip.hidden = !visible;
  $('#arriving-list').replaceChildren(
    ...(next.length === 0
      ? [el('span', { class: 'muted' }, t('noneArriving'))]
      : next.map((x) =>
          el(
            'a',
            { href: `#target/${encodeURIComponent(x.id)}`, 'data-id': x.id },
            el('span', { class: `tier tier-${x.tier}` }, t(x.tier)),
            x.name,
            el('b', {}, eta(x.etaS)),
          ),
        )),
  );
}
