import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordKind } from '../../src/domain/record-kinds.js';

/** The golden payload of a record kind (sync/vectors/payloads/), with fields changed or added. */
export function golden(kind: RecordKind, over: Record<string, unknown> = {}): Record<string, unknown> {
  const file = join(import.meta.dirname, '..', '..', 'sync', 'vectors', 'payloads', `${kind}.json`);
  return { ...(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>), ...over };
}
