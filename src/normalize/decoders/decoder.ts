import type { LoadedProfile } from '../profiles/load-profiles.js';
import type { JsonDecodeContext, Mapped } from '../decode-json.js';
import type { NormalizeResult } from '../result.js';

/** What a decoder is handed with each frame: the profile, where it came from, and where results go. */
export interface DecodeContext {
  readonly loaded: LoadedProfile;
  /** The topic, or the input (tcp:rx-1, opcua:bay-1), the frame came from. */
  readonly source: string;
  /** The sender, as far as the frame says: a stream input's id, a topic's first captured level, or the topic. */
  readonly sender: string;
  /** What field mapping needs: the profile, the topic's captured levels, the arrival time, the driver-id key. */
  readonly mapping: JsonDecodeContext;
  readonly result: NormalizeResult;
  /** Joins a mapped report to the result, with its profile's liveness and the alarms its rules raise. */
  accept(mapped: Mapped, mapping?: JsonDecodeContext): void;
}

/**
 * Decodes one payload kind (config `payload.kind` of a device profile). A kind implements the frame
 * forms its devices arrive in; a frame in another form is refused by the normalizer with
 * KAKOU_E_INGEST_PAYLOAD. Decoders never throw on bad input: they push drops to the result.
 */
export interface Decoder {
  /** A broker message's bytes. */
  message?(ctx: DecodeContext, payload: Buffer, topic: string): void;
  /** Lines from a stream input. */
  lines?(ctx: DecodeContext, lines: readonly string[]): void;
  /** An installation's current values, by the profile's names. */
  values?(ctx: DecodeContext, values: Record<string, unknown>): void;
}

export type PayloadKind = LoadedProfile['profile']['payload']['kind'];
