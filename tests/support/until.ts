/**
 * Polls until `fn` returns something other than undefined or false, or fails after `ms`. For tests
 * that wait on a real process or socket; code on the node's clock is tested by moving a ManualClock.
 * A check that throws counts as not met yet (a server still starting); the last error is reported.
 */
export async function until<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
  what = 'condition',
): Promise<Exclude<T, false>> {
  const end = Date.now() + ms;
  let lastError: unknown = null;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as Exclude<T, false>;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > end)
      throw new Error(`${what} not met in time${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
