import type { Observation } from './domain/observation.js';
import type { DeviceAlarm } from './domain/alarm.js';
import type { InspectionRecord } from './domain/inspection.js';
import type { OverrideRecord } from './domain/override.js';
import type { PassageStatus } from './domain/passage.js';
import type { Logger } from './logger.js';
import type { Policy } from './scoring/policy.js';

/**
 * The events stages publish, by name, with what each carries. A stage emits what happened in it;
 * the composition root (app.ts) subscribes the stages that act on it. Reading this list from top
 * to bottom follows a device message to the officer's list and on to the central.
 */
export interface KakouEvents {
  /** Ingest turned a device message into a typed observation (tracks apply it). */
  observation: Observation;
  /** A message for a device (a Sparkplug rebirth request) that the site broker should publish. */
  'device-command': { topic: string; payload: Buffer };
  /** A track was created, moved or changed its facts, or was removed (targets rescore it). */
  'track-changed': { id: string; removed: boolean };
  /** The credit snapshot in force changed (every target is rescored). */
  'credit-changed': { version: number | null };
  /** A rescore changed the target list (terminals get the new list, gauges refresh). */
  'targets-changed': { version: number; changed: number };
  /** Selection decisions reached the database with their outbox rows (the uplink has work). */
  'decisions-written': { count: number };
  /** An officer's inspection record was stored with its outbox row (its target is rescored, the uplink has work). */
  'inspection-recorded': InspectionRecord;
  /** A device (or a profile's rule) reported an alarm it had not reported in its last message. */
  'alarm-raised': DeviceAlarm;
  /** A device stopped reporting an alarm it had reported. */
  'alarm-cleared': DeviceAlarm;
  /** An alarm record (raised, cleared, acknowledged) was stored with its outbox row (the uplink has work). */
  'alarm-recorded': { alarmId: string };
  /** A passage changed status (an officer's step, an inspection, a crossing); `recorded` when its record was stored for the uplink. */
  'passage-changed': { passageId: string; targetId: string; status: PassageStatus; recorded: boolean };
  /** An open passage's tier became must-inspect (every terminal is alerted). */
  'passage-must-inspect': { passageId: string; targetId: string };
  /** A newer signed policy was received and kept (sync's policy fetch): it comes into force at once. */
  'policy-received': { policy: Policy; serial: number; from: string };
  /** A dispute's opening or resolution was stored with its outbox row (the uplink has work; its target's page changes). */
  'dispute-recorded': { disputeId: string; targetId: string };
  /** A supervisor's override was stored with its outbox row (the uplink has work). */
  'override-recorded': OverrideRecord;
  /** A dead letter was queued again or retired by an administrator (the uplink has work). */
  'outbox-changed': { seq: number };
}

export type EventName = keyof KakouEvents;
export type Listener<E extends EventName> = (payload: KakouEvents[E]) => void;

interface Subscription {
  owner: string;
  fn: (payload: never) => void;
}

/** Where listener failures are reported: the metrics counter, so an operator sees a stage that keeps failing. */
export type ListenerFailed = (event: EventName, owner: string) => void;

/**
 * A small synchronous, typed event bus. Each listener is registered under its owner's name and
 * runs isolated: one that throws is logged (once per event and owner, then at debug) and counted,
 * and the other listeners still run; the emitter never sees the failure. Synchronous on purpose:
 * an observation is on the track before `emit` returns, so ingest order is the order tracks see.
 */
export class EventBus {
  private readonly listeners = new Map<EventName, Subscription[]>();
  /** Listener failures so far, by `event|owner` (also counted in metrics through `failed`). */
  readonly failures = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    private readonly failed: ListenerFailed = () => undefined,
  ) {}

  /** Subscribes `owner`'s listener to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, owner: string, fn: Listener<E>): () => void {
    const sub: Subscription = { owner, fn: fn as (payload: never) => void };
    // Copy on write: an emit in progress keeps iterating the list it started with.
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), sub]);
    return () => {
      const rest = (this.listeners.get(event) ?? []).filter((s) => s !== sub);
      if (rest.length > 0) this.listeners.set(event, rest);
      else this.listeners.delete(event);
    };
  }

  emit<E extends EventName>(event: E, payload: KakouEvents[E]): void {
    const subs = this.listeners.get(event);
    if (subs === undefined) return;
    for (const sub of subs) {
      try {
        (sub.fn as Listener<E>)(payload);
      } catch (err) {
        this.failed(event, sub.owner);
        const key = `${event}|${sub.owner}`;
        const before = this.failures.get(key) ?? 0;
        this.failures.set(key, before + 1);
        if (before === 0) {
          this.log.error(
            { err, event, owner: sub.owner },
            'event listener failed (further failures are counted in kakou_event_listener_failures_total)',
          );
        } else this.log.debug({ err, event, owner: sub.owner }, 'event listener failed');
      }
    }
  }

  /** How many listeners an event has (the README's pipeline picture and tests read it). */
  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

/** What a stage may do with the bus: publish events, nothing else. */
export type EventSink = Pick<EventBus, 'emit'>;
