/**
 * A passage id: `<shift>:<target id>:<opened at, ms>`. The shift names the seed the passage is
 * drawn with (kakou verify-draws recomputes HMAC-SHA256(seed, passage id)); the opening time
 * makes each approach of the same subject its own passage, in one shift or across a restart.
 * Shift ids hold no colon and the time is digits, so the target id is what lies between.
 */
export function passageIdOf(shiftId: string, targetId: string, openedAtMs: number): string {
  // join, not a template: one flat string, kept for the passage's life.
  return [shiftId, targetId, openedAtMs].join(':');
}

/** The target a passage id names, or null when the id is not a passage id. */
export function targetOfPassage(passageId: string): string | null {
  const first = passageId.indexOf(':');
  const last = passageId.lastIndexOf(':');
  if (first <= 0 || last <= first + 1 || !/^\d+$/.test(passageId.slice(last + 1))) return null;
  return passageId.slice(first + 1, last);
}

/** When the passage opened (ms), from its id; null when the id is not a passage id. */
export function openedAtOfPassage(passageId: string): number | null {
  if (targetOfPassage(passageId) === null) return null;
  return Number(passageId.slice(passageId.lastIndexOf(':') + 1));
}

/** The shift a passage id names (its draws use that shift's seed). */
export function shiftOfPassage(passageId: string): string | null {
  const first = passageId.indexOf(':');
  return first > 0 ? passageId.slice(0, first) : null;
}
