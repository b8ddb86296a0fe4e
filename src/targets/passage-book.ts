import type { Clock, Timer } from '../clock.js';
import {
  approachingPassage,
  MISSABLE_TIERS,
  OPEN_STATUSES,
  type Passage,
  type PassageEnd,
  type PassageRecord,
  type PassageStatus,
} from '../domain/passage.js';
import type { Tier } from '../domain/target.js';
import { KakouError } from '../errors.js';
import type { EventSink } from '../events.js';
import type { Logger } from '../logger.js';
import type { PassageEvent, PassageRepo } from '../storage/passage-repo.js';
import type { Track } from '../tracks/track.js';
import { openedAtOfPassage, passageIdOf, targetOfPassage } from './passage-id.js';

/** A passage as the book keeps it: with the seed it is drawn with and its bookkeeping. */
interface Live extends Passage {
  seed: string;
  /** Its events are in the database (an officer acted on it, or it closed as a record). */
  persisted: boolean;
  /** After crossing, it went past the re-arm distance: the subject's next approach is a new passage. */
  rearmed: boolean;
  name: string;
}

export interface PassageBookDeps {
  repo: Pick<PassageRepo, 'append' | 'closeMany' | 'open' | 'get' | 'closed' | 'closedIds'>;
  /** Passages decided recently, with their latest tier: a restarted node resumes them rather than draw again. */
  decided?: { recentPassages(sinceMs: number): Array<{ passageId: string; shiftId: string; tier: string }> };
  /** How long after start a target heard again resumes its passage from before the restart. */
  resumeWithinMs: number;
  nodeId: string;
  clock: Clock;
  events: EventSink;
  log: Logger;
  /** The committed seed of a shift, for passages resumed after a restart. */
  seedOf(shiftId: string): string | null;
  rearmM: number;
}

/** Where a target stands against the line at a rescore: metres to it and seconds to reach it (null: not heading there). */
export interface Approaching {
  distanceM: number | null;
  etaS: number | null;
}

/**
 * Passages: one approach of one subject to the checkpoint. A passage opens when its target is
 * first scored, and is the unit of the random draws; officers call, start and finish it; an
 * inspection record closes it as inspected; crossing the line closes it as passed, or missed when
 * the policy asked for a stop; a lost target's passage ends too. Its record goes upstream when it
 * closes, for every passage that was selected or that an officer acted on. A subject that crossed
 * opens a new passage once it has gone past the re-arm distance and heads back, or when it is
 * heard again after being lost.
 */
export class PassageBook {
  private readonly byTarget = new Map<string, Live>();
  // Open passages read back at start, until their target is scored again.
  private readonly resumable = new Map<string, Passage>();
  private resumeUntil: number;
  // Passages ended since the last flush, with their records.
  private readonly pending: Array<{ state: Passage; record: PassageRecord }> = [];
  private failing = false;
  private timer: Timer | null = null;

  /**
   * A restart must not draw a subject again (a restart would be a way to re-roll a draw): the
   * passages decided in the last day that did not close are read back, the ones an officer acted
   * on with their state, and a target heard again soon after start carries on with its passage.
   */
  constructor(private readonly deps: PassageBookDeps) {
    const now = deps.clock.now();
    this.resumeUntil = now + deps.resumeWithinMs;
    const since = now - RESUME_LOOKBACK_MS;
    const closed = deps.repo.closedIds(since);
    for (const d of deps.decided?.recentPassages(since) ?? []) {
      const targetId = targetOfPassage(d.passageId);
      const openedAt = openedAtOfPassage(d.passageId);
      if (targetId === null || openedAt === null || closed.has(d.passageId)) continue;
      const kept = this.resumable.get(targetId);
      if (kept && kept.openedAt >= openedAt) continue;
      const kind = targetId.startsWith('vessel:') ? 'vessel' : 'vehicle';
      this.resumable.set(
        targetId,
        approachingPassage(d.passageId, targetId, kind, d.shiftId, openedAt, d.tier as Tier),
      );
    }
    for (const p of deps.repo.open(since)) {
      const kept = this.resumable.get(p.targetId);
      if (!kept || kept.openedAt <= p.openedAt) this.resumable.set(p.targetId, p);
    }
  }

  /** The target's passage at this rescore: its open one, or a new one when the last has ended and the subject is back. */
  current(track: Track, now: number, shift: { id: string; seed: string }, at: Approaching): Passage {
    const p = this.byTarget.get(track.id);
    if (p && !this.over(p, track, at)) return p;
    const resumed = p ? null : this.resume(track.id);
    if (resumed) return resumed;
    // Every field in one literal: spreads left tens of thousands of passages in V8's larger dictionary form.
    const opened: Live = {
      id: passageIdOf(shift.id, track.id, now),
      targetId: track.id,
      kind: track.kind,
      shiftId: shift.id,
      status: 'approaching',
      tier: 'pass',
      openedAt: now,
      closedAt: null,
      closedBy: null,
      crossedAt: null,
      called: null,
      startedAt: null,
      finishedAt: null,
      inspectionId: null,
      seed: shift.seed,
      persisted: false,
      rearmed: false,
      name: '',
    };
    this.byTarget.set(track.id, opened);
    return opened;
  }

  /** The seed a passage is drawn with. */
  seedOf(p: Passage): string {
    return (p as Live).seed;
  }

  /**
   * After the rescore: the passage takes the tier now in force, and ends if its subject crossed
   * the line (missed or passed) or was lost while nobody had called it.
   */
  settle(passage: Passage, track: Track, tier: Tier, name: string): void {
    const p = passage as Live;
    p.name = name;
    const crossed = track.crossedAt !== null && track.crossedAt >= p.openedAt && p.crossedAt === null;
    if (!OPEN_STATUSES.has(p.status)) {
      if (crossed) p.crossedAt = track.crossedAt;
      return;
    }
    const before = p.tier;
    p.tier = tier;
    if (tier === 'must-inspect' && before !== tier && p.status === 'approaching' && !crossed)
      this.deps.events.emit('passage-must-inspect', { passageId: p.id, targetId: p.targetId });
    if (crossed) {
      p.crossedAt = track.crossedAt;
      // A called or inspecting subject crossing is the officer's: the record closes the passage.
      if (p.status === 'approaching')
        this.close(p, MISSABLE_TIERS.has(tier) ? 'missed' : 'passed', 'crossing', p.crossedAt as number);
    } else if (track.lostAt !== null && p.status === 'approaching') {
      this.close(p, 'passed', 'lost', track.lostAt);
    }
  }

  /** The target's track is gone: a passage nobody called ends as lost; a called one waits for its record. */
  removed(targetId: string, now: number): void {
    const p = this.byTarget.get(targetId);
    if (!p) return;
    if (p.status === 'approaching') this.close(p, 'passed', 'lost', now);
    if (!OPEN_STATUSES.has(p.status)) this.byTarget.delete(targetId);
  }

  /** A passage by id: the target's live one, one waiting to be resumed, or one kept in the database. */
  get(passageId: string): Passage | null {
    const targetId = targetOfPassage(passageId) ?? '';
    for (const p of [this.byTarget.get(targetId), this.resumable.get(targetId)]) if (p?.id === passageId) return p;
    return this.deps.repo.get(passageId);
  }

  /** An officer orders the stop. */
  call(passageId: string, by: string): Passage {
    return this.step(passageId, by, 'called', ['approaching'], (p, at) => {
      p.status = 'called';
      p.called = { by, at };
    });
  }

  /** The inspection begins (with or without a call first). */
  start(passageId: string, by: string): Passage {
    return this.step(passageId, by, 'started', ['approaching', 'called'], (p, at) => {
      p.status = 'inspecting';
      p.startedAt = at;
    });
  }

  /** The inspection's work is done; the record follows. */
  finish(passageId: string, by: string): Passage {
    return this.step(passageId, by, 'finished', ['inspecting'], (p, at) => {
      p.finishedAt ??= at;
    });
  }

  /**
   * The passage an inspection record answers: the one named, or the target's open passage. Its
   * call, start and finish times go into the record.
   */
  forRecord(targetId: string, passageId?: string): Passage | null {
    if (passageId !== undefined) {
      const p = this.get(passageId);
      if (!p || p.targetId !== targetId)
        throw new KakouError('KAKOU_E_PASSAGE_UNKNOWN', undefined, [
          `passageId: no passage ${passageId} of ${targetId}`,
        ]);
      return p;
    }
    const p = this.byTarget.get(targetId) ?? this.resumable.get(targetId);
    return p && OPEN_STATUSES.has(p.status) ? p : null;
  }

  /** An inspection record was stored: its passage closes as inspected and its boarding slot is free. */
  inspected(targetId: string, passageId: string | undefined, inspectionId: string, at: number): void {
    const p = (passageId ? this.get(passageId) : this.forRecord(targetId)) as Live | null;
    if (!p || !OPEN_STATUSES.has(p.status)) return;
    p.finishedAt ??= at;
    p.inspectionId = inspectionId;
    this.close(p, 'inspected', 'inspection', at);
    this.flush();
  }

  /** Open passages with an officer's step in them, and closed ones by status, newest first. */
  list(status: PassageStatus | null, sinceMs: number, limit: number): Passage[] {
    if (status !== null && OPEN_STATUSES.has(status)) {
      const open = [...this.byTarget.values(), ...this.resumable.values()].filter((p) => p.status === status);
      return open.sort((a, b) => b.openedAt - a.openedAt).slice(0, limit);
    }
    this.flush(); // passages ended in the last moments are listed too
    return this.deps.repo.closed(status, sinceMs, limit);
  }

  private step(
    passageId: string,
    by: string,
    event: Exclude<PassageEvent, 'closed' | 'inspected'>,
    from: readonly PassageStatus[],
    apply: (p: Live, at: number) => void,
  ): Passage {
    const p = this.get(passageId) as Live | null;
    if (!p || !OPEN_STATUSES.has(p.status) || this.byTarget.get(p.targetId) !== p) {
      if (p && !OPEN_STATUSES.has(p.status))
        throw new KakouError('KAKOU_E_PASSAGE_STATE', undefined, [`passage ${passageId} is ${p.status}`]);
      throw new KakouError('KAKOU_E_PASSAGE_UNKNOWN', undefined, [`id: no open passage ${passageId}`]);
    }
    if (!from.includes(p.status))
      throw new KakouError('KAKOU_E_PASSAGE_STATE', undefined, [`passage ${passageId} is ${p.status}`]);
    const at = this.deps.clock.now();
    apply(p, at);
    this.deps.repo.append(stateOf(p), event, at, by);
    p.persisted = true;
    this.deps.log.info({ passage: p.id, target: p.targetId, event, by }, 'passage');
    this.deps.events.emit('passage-changed', {
      passageId: p.id,
      targetId: p.targetId,
      status: p.status,
      recorded: false,
    });
    return p;
  }

  /**
   * Ends a passage. Its record waits for flush() (at most WRITE_MS), which writes every passage
   * ended meanwhile in one transaction: a disk sync per crossing, inside the rescore, stalled the
   * event loop.
   */
  private close(p: Live, status: PassageStatus, by: PassageEnd, at: number): void {
    p.status = status;
    p.closedAt = at;
    p.closedBy = by;
    const recorded = p.persisted || p.tier !== 'pass' || status !== 'passed';
    if (!recorded) {
      this.deps.events.emit('passage-changed', { passageId: p.id, targetId: p.targetId, status, recorded });
      return;
    }
    p.persisted = true;
    if (this.pending.length >= MAX_PENDING) {
      const lost = this.pending.shift() as { state: Passage };
      this.deps.log.error({ passage: lost.state.id }, 'passage records could not be written; the oldest is dropped');
    }
    this.pending.push({ state: stateOf(p), record: this.recordOf(p) });
    this.timer ??= this.deps.clock.after(WRITE_MS, () => this.flush());
  }

  /** Writes the passages ended since the last flush, with their records, in one transaction. */
  flush(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.pending.length === 0) return;
    try {
      this.deps.repo.closeMany(this.pending);
    } catch (err) {
      // Kept and written with the next rescore's (a full disk): delayed, not lost.
      if (!this.failing) this.deps.log.error({ err }, 'passage records could not be written; kept and retried');
      this.failing = true;
      this.timer = this.deps.clock.after(RETRY_MS, () => this.flush());
      return;
    }
    this.failing = false;
    const written = this.pending.splice(0);
    for (const { state } of written)
      this.deps.events.emit('passage-changed', {
        ...{ passageId: state.id, targetId: state.targetId, status: state.status, recorded: true },
      });
  }

  /** Whether the target's passage has ended and the subject is back for a new one. */
  private over(p: Live, track: Track, at: Approaching): boolean {
    if (OPEN_STATUSES.has(p.status)) return false;
    if (p.closedBy === 'lost') return track.lostAt === null && track.lastSeen > (p.closedAt as number);
    if (p.crossedAt === null) return false;
    if (!p.rearmed) p.rearmed = at.distanceM !== null && at.distanceM >= this.deps.rearmM;
    return p.rearmed && at.etaS !== null;
  }

  private resume(targetId: string): Live | null {
    if (this.resumable.size > 0 && this.deps.clock.now() > this.resumeUntil) this.forgetUntouched();
    const kept = this.resumable.get(targetId);
    if (!kept) return null;
    this.resumable.delete(targetId);
    const seed = this.deps.seedOf(kept.shiftId);
    if (seed === null) return null;
    const acted = kept.called !== null || kept.startedAt !== null;
    const live: Live = { ...kept, seed, persisted: acted, rearmed: false, name: '' };
    this.byTarget.set(targetId, live);
    return live;
  }

  /** Past the resume window a target heard again is a new approach: only passages an officer is on are kept. */
  private forgetUntouched(): void {
    for (const [targetId, p] of this.resumable)
      if (p.status !== 'called' && p.status !== 'inspecting') this.resumable.delete(targetId);
    this.resumeUntil = Infinity;
  }

  private recordOf(p: Live): PassageRecord {
    const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
    return {
      id: p.id,
      passageId: p.id,
      nodeId: this.deps.nodeId,
      targetId: p.targetId,
      targetKind: p.kind,
      targetName: p.name,
      shiftId: p.shiftId,
      status: p.status,
      tier: p.tier,
      openedAt: iso(p.openedAt) as string,
      closedAt: iso(p.closedAt) as string,
      closedBy: p.closedBy as PassageEnd,
      crossedAt: iso(p.crossedAt),
      calledAt: iso(p.called?.at ?? null),
      calledBy: p.called?.by ?? null,
      startedAt: iso(p.startedAt),
      finishedAt: iso(p.finishedAt),
      inspectionId: p.inspectionId,
    };
  }
}

/** Passage records waiting for a disk that refuses writes, at most. */
const MAX_PENDING = 50_000;
/** Ended passages wait at most this long to share a transaction (as decisions do); while writes fail, retried this often. */
const WRITE_MS = 500;
const RETRY_MS = 5_000;

/** How far back a restarted node looks for passages to resume. */
const RESUME_LOOKBACK_MS = 86_400_000;

/** The passage without the book's own fields, as it is stored (the seed stays with the shift). */
function stateOf(p: Live): Passage {
  const { seed: _s, persisted: _p, rearmed: _r, name: _n, ...passage } = p;
  return passage;
}
