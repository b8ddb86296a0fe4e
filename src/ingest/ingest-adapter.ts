import type { RawFrame } from '../domain/frame.js';
import type { NormalizeResult } from '../normalize/result.js';
import type { AdapterStatus } from './adapter-status.js';

/**
 * A frame as the pipeline takes it: raw from an adapter, or already normalized by the MQTT decode
 * thread (which decodes where the connection is and hands over results; `source` is the topic).
 */
export type Frame = RawFrame | { form: 'normalized'; source: string; result: NormalizeResult };

/** Where adapters put frames: `IngestPipeline.accept`. */
export type FrameSink = (frame: Frame) => void;

/**
 * The one contract of every input: the site broker (on either thread), NMEA over TCP and UDP, and
 * OPC UA. An adapter is given its FrameSink when it is built, connects or listens on `start`,
 * reconnects by itself, reports its state, and releases everything on `stop`. `start` and `stop`
 * may each be called more than once.
 */
export interface IngestAdapter {
  /** The input's name in config and status (site-broker, rx-1, bay-1). */
  readonly id: string;
  readonly kind: AdapterStatus['kind'];
  start(): void;
  stop(): Promise<void>;
  status(): AdapterStatus;
}

/** Where drops and logs say a frame came from. */
export function frameSource(f: Frame): string {
  return f.form === 'message' ? f.topic : f.source;
}
