import { INSPECTION_RESULTS } from '../domain/inspection.js';
import type { Observation } from '../domain/observation.js';
import type { Metrics } from './metrics.js';

const OBSERVATION_KINDS: ReadonlyArray<Observation['kind']> = [
  'vessel-position',
  'vessel-static',
  'vehicle-report',
  'vessel-sighting',
];

/**
 * Puts every counter series the node can know in advance at zero from start, so that a rate or an
 * alert on it reads 0 rather than "no data" until the first event (Prometheus's advice for
 * labelled counters).
 */
export function zeroSeries(m: Metrics, profiles: readonly string[], inputs: readonly string[]): void {
  for (const profile of profiles)
    for (const outcome of ['accepted', 'partial', 'dropped']) m.messages.inc({ profile, outcome }, 0);
  for (const kind of OBSERVATION_KINDS) m.observations.inc({ kind }, 0);
  for (const input of inputs) {
    m.inputLines.inc({ input }, 0);
    m.inputReconnects.inc({ input }, 0);
  }
  for (const cause of ['expired', 'evicted']) m.tracksRemoved.inc({ cause }, 0);
  for (const result of INSPECTION_RESULTS) m.inspections.inc({ result }, 0);
  for (const lane of ['0', '1', '2']) m.outboxAcked.inc({ lane }, 0);
  for (const outcome of ['ok', 'unreachable', 'server', 'refused', 'protocol']) m.syncBatches.inc({ outcome }, 0);
  for (const outcome of ['requeued', 'unrecoverable']) m.uplinkRefilled.inc({ outcome }, 0);
  for (const mode of ['truncate', 'passive', 'busy']) m.checkpoints.inc({ mode }, 0);
  for (const table of ['decisions', 'delivered']) m.pruned.inc({ table }, 0);
  m.logins.inc({ outcome: 'ok' }, 0);
}
