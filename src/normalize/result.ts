import type { Observation } from '../domain/observation.js';
import type { ErrorCode } from '../errors.js';
import type { FieldReject } from './decode-json.js';

export interface Drop {
  code: ErrorCode;
  detail: string;
}

/** What one frame came to: its observations, and every part of it that was refused and why. */
export interface NormalizeResult {
  /** Profile that claimed the frame; null for an unknown topic. */
  profile: string | null;
  deviceId: string | null;
  observations: Observation[];
  drops: Drop[];
  fieldRejects: FieldReject[];
  /** Messages the node must publish in answer (a Sparkplug rebirth request). */
  commands?: Array<{ topic: string; payload: Buffer }>;
  /** Devices that announced they are going offline (Sparkplug NDEATH / DDEATH). */
  offline?: string[];
}

export function emptyResult(profile: string | null, deviceId: string | null = null): NormalizeResult {
  return { profile, deviceId, observations: [], drops: [], fieldRejects: [] };
}

/** A result holding one refusal. */
export function refused(profile: string | null, code: ErrorCode, detail: string): NormalizeResult {
  const result = emptyResult(profile);
  result.drops.push({ code, detail });
  return result;
}

/** The result standing for a frame the normalizer threw on: one message lost and counted. */
export function normalizerFailed(err: unknown): NormalizeResult {
  return refused(null, 'KAKOU_E_INTERNAL', err instanceof Error ? err.message : String(err));
}
