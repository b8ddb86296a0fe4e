import type { ErrorCode } from '../errors.js';

/** Decoders return outcomes instead of throwing: bad input is routine at the edge, not exceptional. */
export type Failure = { ok: false; code: ErrorCode; detail: string };
export type Outcome<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, detail: string): Failure => ({ ok: false, code, detail });
