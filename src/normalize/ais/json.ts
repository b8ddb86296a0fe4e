import type { TagBlock } from '../nmea/tag-block.js';
import type { AisMessage } from './messages.js';

/**
 * One message as a JSON object in gpsd's field names; a tag block's station and time are added
 * under libais's names. `kakou ais decode` writes the common shapes straight from the bits
 * (json-direct.ts) and everything else through here.
 */
export function aisToJson(m: AisMessage, tag: TagBlock | null = null): string {
  if (tagAddsFields(tag)) {
    const extra: { tagblock_station?: string; tagblock_timestamp?: string } = {};
    if (tag.source !== null) extra.tagblock_station = tag.source;
    if (tag.timeMs !== null) extra.tagblock_timestamp = new Date(tag.timeMs).toISOString();
    return JSON.stringify({ ...m, ...extra });
  }
  return JSON.stringify(m);
}

/** Whether a tag block adds fields to the message's JSON (then it is not written straight from the bits). */
export function tagAddsFields(tag: TagBlock | null): tag is TagBlock {
  return tag !== null && (tag.source !== null || tag.timeMs !== null);
}
