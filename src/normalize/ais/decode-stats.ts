import type { ErrorCode } from '../../errors.js';
import type { TagBlock } from '../nmea/tag-block.js';
import type { LineSink } from './ais-decoder.js';
import type { AisBits } from './bits.js';
import type { AisMessage } from './messages.js';

/** Counts of one decoding run, as `kakou ais decode --stats` prints them. */
export interface DecodeStats {
  lines: number;
  sentences: number;
  messages: number;
  /** Messages by type number (index 0 unused). */
  byType: number[];
  rejects: Partial<Record<ErrorCode, number>>;
  tagBlocksRejected: number;
  overlongLines: number;
  groupsDropped: number;
  groupsPending: number;
}

export function emptyStats(): DecodeStats {
  return {
    lines: 0,
    sentences: 0,
    messages: 0,
    byType: new Array<number>(28).fill(0),
    rejects: {},
    tagBlocksRejected: 0,
    overlongLines: 0,
    groupsDropped: 0,
    groupsPending: 0,
  };
}

/**
 * A sink that counts, then hands each message on: to `direct` first, when given, as bits (see
 * LineSink.bits), then to `onMessage` as an object if `direct` declined it.
 */
export function countingSink(
  stats: DecodeStats,
  onMessage: (m: AisMessage, tag: TagBlock | null) => void,
  direct?: (b: AisBits, tag: TagBlock | null) => boolean,
): LineSink {
  const sink: LineSink = {
    message(m, tag) {
      stats.messages++;
      stats.byType[m.type] = (stats.byType[m.type] as number) + 1;
      onMessage(m, tag);
    },
    reject(code) {
      stats.rejects[code] = (stats.rejects[code] ?? 0) + 1;
    },
    tagRejected() {
      stats.tagBlocksRejected++;
    },
  };
  if (direct) {
    sink.bits = (b, tag) => {
      if (!direct(b, tag)) return false;
      const type = b.uint(0, 6);
      stats.messages++;
      stats.byType[type] = (stats.byType[type] as number) + 1;
      return true;
    };
  }
  return sink;
}

/** The stats as JSON-ready object: types and reasons that occurred, by name. */
export function statsSummary(stats: DecodeStats): Record<string, unknown> {
  const byType: Record<string, number> = {};
  stats.byType.forEach((n, type) => {
    if (n > 0) byType[type] = n;
  });
  return { ...stats, byType };
}
