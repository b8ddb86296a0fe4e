import type { DeviceProfile } from '../normalize/profiles/profile-schema.js';
import type { AdapterStatus } from './adapter-status.js';
import type { PackedBatch } from './handover-pack.js';
import type { MqttAdapterOptions } from './mqtt-adapter.js';

/**
 * What the main thread and the MQTT decode thread say to each other (src/ingest/decode-worker.ts).
 * Everything here crosses by structured clone, so it is plain data: no functions, no classes; a
 * batch's numbers are transferred.
 */

/** Given to the worker at start (workerData). */
export interface DecodeWorkerInit {
  adapter: MqttAdapterOptions;
  /** The broker's profiles, validated: the worker compiles their topic patterns and decoders, which do not cross. */
  profileDir: string;
  profiles: Array<{ profile: DeviceProfile; file: string }>;
  logLevel: string;
  /** Messages posted and not yet acknowledged by the main thread before the socket is paused. */
  maxInFlight: number;
  /** The provincial driver-id key (snapshot.driverIdKey), or null. */
  driverIdKey: Uint8Array | null;
}

export type FromWorker =
  /** Normalized messages, in arrival order (handover-pack.ts). */
  | { t: 'batch'; batch: PackedBatch; incompleteAisGroups: Record<string, number>; queued: number }
  | { t: 'status'; status: AdapterStatus }
  /** Nothing waits for the main thread any more (sent when the queue empties). */
  | { t: 'queue'; queued: number }
  /** The thread's own V8 heap in use (bytes), every few seconds. */
  | { t: 'heap'; used: number }
  /** A pino log line (JSON) to be logged again by the main thread's logger, which masks and writes it. */
  | { t: 'log'; line: string }
  | { t: 'stopped' };

export type ToWorker =
  /** The main thread has handled this many more messages. */
  { t: 'ack'; n: number } | { t: 'publish'; topic: string; payload: Uint8Array } | { t: 'start' } | { t: 'stop' };
