/** Exponential backoff with full jitter on the upper half: delay in [d/2, d], d = min(max, min * 2^n). */
export function backoffDelay(
  failures: number,
  minMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const d = Math.min(maxMs, minMs * 2 ** Math.min(failures, 30));
  return Math.round(d / 2 + (random() * d) / 2);
}
