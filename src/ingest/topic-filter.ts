/** True if every topic matched by `inner` is also matched by `outer` (MQTT filter containment). */
export function filterCovers(outer: string, inner: string): boolean {
  const o = outer.split('/');
  const i = inner.split('/');
  for (let k = 0; k < o.length; k++) {
    const a = o[k];
    if (a === '#') return true;
    const b = i[k];
    if (b === undefined || b === '#') return false;
    if (a !== '+' && (b === '+' || a !== b)) return false;
  }
  return o.length === i.length;
}

/**
 * The subscriptions to make: the watch filter alone when it covers every profile (overlapping
 * subscriptions can deliver a message twice), else the profile filters. Returns the profile
 * filters the watch filter misses, so configuration can report them.
 */
export function subscriptionsFor(
  watch: string,
  profileFilters: readonly string[],
): { filters: string[]; uncovered: string[] } {
  if (!watch) return { filters: [...profileFilters], uncovered: [] };
  const uncovered = profileFilters.filter((f) => !filterCovers(watch, f));
  return { filters: [watch], uncovered };
}
