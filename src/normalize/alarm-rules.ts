import type { AlarmRuleSpec } from './profiles/profile-schema.js';

interface RuleState {
  /** When the condition started holding (ms), or null. */
  since: number | null;
  active: boolean;
}

/** Values a rule can read: numbers, booleans and strings at a dotted path. */
type Read = (path: string) => unknown;

/**
 * The alarm rules of device profiles, evaluated per device: a condition must hold for forS
 * seconds before its alarm is raised, and a raised alarm clears only when the value crosses its
 * clear level (hysteresis), so a sensor hovering at the threshold does not flap. Bounded: past
 * maxDevices the least recently updated device's state is forgotten.
 */
export class AlarmRuleEngine {
  private readonly state = new Map<string, RuleState[]>();

  constructor(private readonly maxDevices = 10_000) {}

  /** Whether a device has a condition holding that has not yet held long enough to raise its alarm. */
  pending(deviceKey: string): boolean {
    return this.state.get(deviceKey)?.some((s) => s.since !== null && !s.active) ?? false;
  }

  /** The alarms active after this reading, at time `at` (ms). */
  evaluate(deviceKey: string, rules: readonly AlarmRuleSpec[], read: Read, at: number): string[] {
    if (rules.length === 0) return [];
    let states = this.state.get(deviceKey);
    if (!states) {
      if (this.state.size >= this.maxDevices) this.state.delete(this.state.keys().next().value as string);
      states = rules.map(() => ({ since: null, active: false }));
    }
    this.state.delete(deviceKey);
    this.state.set(deviceKey, states);
    const active: string[] = [];
    rules.forEach((rule, i) => {
      const s = states[i] as RuleState;
      const value = read(rule.path);
      if (value === undefined || value === null) {
        // A reading without this value changes nothing: an active alarm stays active.
        if (s.active) active.push(rule.alarm);
        return;
      }
      if (s.active) {
        if (cleared(rule, value)) {
          s.active = false;
          s.since = null;
        }
      } else if (holds(rule, value)) {
        s.since ??= at;
        if (at - s.since >= (rule.forS ?? 0) * 1000) s.active = true;
      } else {
        s.since = null;
      }
      if (s.active) active.push(rule.alarm);
    });
    return active;
  }
}

function holds(rule: AlarmRuleSpec, v: unknown): boolean {
  if (rule.equals !== undefined) return v === rule.equals;
  if (typeof v !== 'number') return false;
  if (rule.above !== undefined) return v > rule.above;
  if (rule.below !== undefined) return v < rule.below;
  return false;
}

function cleared(rule: AlarmRuleSpec, v: unknown): boolean {
  if (rule.equals !== undefined) return v !== rule.equals;
  if (typeof v !== 'number') return false;
  if (rule.above !== undefined)
    return v < (rule.clearAt ?? rule.above) || (rule.clearAt === undefined && v <= rule.above);
  if (rule.below !== undefined)
    return v > (rule.clearAt ?? rule.below) || (rule.clearAt === undefined && v >= rule.below);
  return true;
}
