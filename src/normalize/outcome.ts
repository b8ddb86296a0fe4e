import type { ErrorCode } from '../errors.js';

/** Decoders return outcomes instead of throwing: bad input is routine at the edge, not exceptional. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; detail: string };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T = never>(code: ErrorCode, detail: string): Outcome<T> => ({ ok: false, code, detail });
