/**
 * Every kind of record a node sends upstream, with its lane: the one list the node, the reference
 * central, sync/README.md and the published schemas (sync/schemas/) follow. Lane 0 is drained
 * first (what an officer confirmed), then lane 1 (the node's own decisions and logs), then lane 2.
 */
export const RECORD_KINDS = {
  inspection: { lane: 0, about: 'an inspection record, or a correction or void of one' },
  'inspection-photo': { lane: 0, about: 'a photo attached to an inspection record (its SHA-256)' },
  dispute: { lane: 0, about: 'a dispute of a credit entry, opened or resolved' },
  override: { lane: 0, about: "a supervisor's override of a target's tier for the rest of a shift" },
  restore: { lane: 0, about: 'the node was restored from a backup: where its chain goes on' },
  decision: { lane: 1, about: "the policy's tier for a passage, with its reasons and draw" },
  alarm: { lane: 1, about: "a step of a device alarm's life: raised, cleared, acknowledged" },
  passage: { lane: 1, about: 'a closed passage that was selected or that an officer acted on' },
  'shift-commitment': { lane: 1, about: "a shift's SHA-256 seed commitment, sent when the shift starts" },
  'shift-reveal': { lane: 1, about: "a finished shift's seed" },
  'data-quality': { lane: 1, about: "a site day's data quality per device" },
  telemetry: { lane: 2, about: 'a telemetry summary; its payload may be evicted under the disk budget' },
} as const satisfies Record<string, { lane: 0 | 1 | 2; about: string }>;

export type RecordKind = keyof typeof RECORD_KINDS;

export const isRecordKind = (k: string): k is RecordKind => Object.hasOwn(RECORD_KINDS, k);

/** The payload schemas' version, in sync/schemas/<kind>.v<N>.schema.json. */
export const PAYLOAD_SCHEMA_VERSION = 1;
