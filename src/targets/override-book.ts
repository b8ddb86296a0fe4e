import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { OverrideRecord } from '../domain/override.js';
import type { Tier } from '../domain/target.js';
import type { EventSink } from '../events.js';

export interface OverrideStore {
  insertWithOutbox(record: OverrideRecord): { seq: number };
  forShift(shiftId: string): OverrideRecord[];
}

/** The override in force for one target in one shift. */
export interface ActiveOverride {
  tier: Tier;
  by: string;
  reason: string;
  at: number;
}

/**
 * Supervisors' overrides, kept: each is stored with its outbox row before it takes effect, so it
 * survives a restart and reaches the central (`override-recorded`). The ones in force are those of
 * the current shift, the latest per target; a new shift starts with none.
 */
export class OverrideBook {
  private shiftId: string | null = null;
  private readonly active = new Map<string, ActiveOverride>();

  constructor(
    private readonly store: OverrideStore,
    private readonly nodeId: string,
    private readonly clock: Clock,
    private readonly events: EventSink,
  ) {}

  record(
    shiftId: string,
    targetId: string,
    tier: Tier,
    tierBefore: Tier | null,
    by: string,
    reason: string,
  ): OverrideRecord {
    const record: OverrideRecord = {
      id: randomUUID(),
      nodeId: this.nodeId,
      shiftId,
      targetId,
      tier,
      tierBefore,
      by,
      reason,
      createdAt: new Date(this.clock.now()).toISOString(),
    };
    this.store.insertWithOutbox(record);
    if (this.shiftId === shiftId) this.active.set(targetId, this.activeOf(record));
    this.events.emit('override-recorded', record);
    return record;
  }

  /** The override in force for a target in this shift, if any. */
  get(shiftId: string, targetId: string): ActiveOverride | undefined {
    if (this.shiftId !== shiftId) {
      this.active.clear();
      for (const r of this.store.forShift(shiftId)) this.active.set(r.targetId, this.activeOf(r));
      this.shiftId = shiftId;
    }
    return this.active.get(targetId);
  }

  private activeOf(r: OverrideRecord): ActiveOverride {
    return { tier: r.tier, by: r.by, reason: r.reason, at: Date.parse(r.createdAt) };
  }
}
