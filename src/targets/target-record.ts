import type { ListName } from '../domain/credit.js';
import type { Decision, Target, Tier } from '../domain/target.js';
import type { CreditProfile } from '../domain/credit-profile.js';
import type { Passage } from '../domain/passage.js';
import type { Approach, Checkpoint } from '../tracks/checkpoint.js';
import { KNOT_MPS } from '../domain/geo.js';
import type { Track } from '../tracks/track.js';

/** Most targets are on no list: they share one empty, frozen array. */
const NO_LISTS: ListName[] = Object.freeze([]) as unknown as ListName[];

/**
 * A target as kept here: with the last tier recorded for its passage, so that a decision is
 * recorded when the tier changes and not on every rescore (a field, where a map by target id
 * cost a hash-table entry per live target). The web and the decision writer pick fields by name.
 */
export interface Scored extends Target {
  decided: Tier | null;
}

/** Where the track stands against the line or gate; null without a fix. */
export function approachOf(track: Track, checkpoint: Checkpoint): Approach | null {
  if (track.lat === null || track.lon === null) return null;
  const speedMps = track.speed === null ? null : track.kind === 'vessel' ? track.speed * KNOT_MPS : track.speed / 3.6;
  const course = track.kind === 'vessel' ? track.course : track.heading;
  // A silent target's ETA would be a guess from stale motion: show where it was, not where it might be.
  return checkpoint.approach(track.lat, track.lon, track.lostAt === null ? course : null, speedMps, track.kind);
}

/**
 * The target a track's decision makes: its name, position, approach to the checkpoint and passage
 * beside the decision. `prev`, the target's last score (same id, same kind), is updated in place.
 */
export function writeTarget(
  track: Track,
  credit: CreditProfile,
  decision: Decision,
  approach: Approach | null,
  passage: Passage,
  prev: Scored | undefined,
): Scored {
  // join, not a template, for the unnamed: a flat string, where a template keeps a rope and its parts for the target's life.
  const name =
    track.kind === 'vessel'
      ? (credit.vessel?.nameZh ?? track.shipname ?? credit.vessel?.name ?? ['MMSI', track.mmsi].join(' '))
      : (track.plate ?? credit.vehicle?.plate ?? `终端 ${track.terminalId}`);
  const course = track.kind === 'vessel' ? track.course : track.heading;
  const lists = credit.lists.length === 0 ? NO_LISTS : [...new Set(credit.lists.map((l): ListName => l.list))];
  const distanceM = approach ? Math.round(approach.distanceM) : null;
  const etaS = approach?.etaS === null || !approach ? null : Math.round(approach.etaS);
  const crossingSoon = approach?.crossingSoon ?? false;
  if (prev) {
    // Rescored in place: a new object per rescore outlived the young generation and churned the
    // old one at every busy target. Everything that can throw has run; these assignments cannot.
    prev.score = decision.score;
    prev.tier = decision.tier;
    prev.reasons = decision.reasons;
    prev.selection = decision.selection;
    prev.draw = decision.draw;
    prev.unpriced = decision.unpriced;
    prev.name = name;
    prev.grade = credit.grade;
    prev.lists = lists;
    prev.lat = track.lat;
    prev.lon = track.lon;
    prev.speed = track.speed;
    prev.course = course;
    prev.distanceM = distanceM;
    prev.etaS = etaS;
    prev.crossingSoon = crossingSoon;
    prev.gate = approach?.gate ?? null;
    prev.capacity = null;
    prev.lastSeen = track.lastSeen;
    prev.passage = passage;
    return prev;
  }
  // Every field written out in one literal: a spread followed by more fields can leave tens of
  // thousands of targets in V8's slower, larger dictionary form.
  return {
    score: decision.score,
    tier: decision.tier,
    reasons: decision.reasons,
    selection: decision.selection,
    draw: decision.draw,
    unpriced: decision.unpriced,
    id: track.id,
    kind: track.kind,
    name,
    grade: credit.grade,
    lists,
    lat: track.lat,
    lon: track.lon,
    speed: track.speed,
    speedUnit: track.kind === 'vessel' ? 'kn' : 'km/h',
    course,
    distanceM,
    etaS,
    crossingSoon,
    gate: approach?.gate ?? null,
    capacity: null,
    lastSeen: track.lastSeen,
    passage,
    decided: null,
  };
}
