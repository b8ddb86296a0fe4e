const HEX_DIGITS = '0123456789ABCDEF';

/** XOR of the characters between the start delimiter and '*', as two upper-case hex digits. */
export function nmeaChecksum(body: string, from = 0, to = body.length): string {
  let x = 0;
  for (let i = from; i < to; i++) x ^= body.charCodeAt(i);
  return (HEX_DIGITS[x >> 4] as string) + (HEX_DIGITS[x & 15] as string);
}
