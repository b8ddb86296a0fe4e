// The tier and kind filters shared by the list and the map: both show the same targets.
import { $ } from './dom.js';

/** The targets the filters let through. */
export function filtered(targets) {
  const tier = $('#filter-tier').value;
  const kind = $('#filter-kind').value;
  return targets.filter((x) => (!tier || x.tier === tier) && (!kind || x.kind === kind));
}
