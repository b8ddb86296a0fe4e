import type { InspectionRecord } from '../../src/domain/inspection.js';

/**
 * An inspection record of the demo truck as a node stores it, numbered `n` (its id ends in n),
 * for tests that write records straight to a node's storage.
 */
export function inspectionRecord(nodeId: string, n: number, over: Partial<InspectionRecord> = {}): InspectionRecord {
  return {
    id: `0193a0c2-0000-7000-8000-${String(n).padStart(12, '0')}`,
    nodeId,
    targetId: 'vehicle:浙F3A101',
    targetKind: 'vehicle',
    targetName: '浙F3A101',
    officer: 'wang',
    result: 'no-defects',
    defects: [],
    action: 'release',
    tierAtDecision: 'random-sample',
    scoreAtDecision: 20,
    createdAt: new Date(Date.now() - 60_000 + n).toISOString(),
    ...over,
  };
}
