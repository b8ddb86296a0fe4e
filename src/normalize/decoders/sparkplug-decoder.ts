import type { Clock } from '../../clock.js';
import { mapReport } from '../decode-json.js';
import { decodeSparkplug, parseSparkplugTopic, SparkplugState } from '../sparkplug.js';
import type { DecodeContext, Decoder } from './decoder.js';

type Spec = Parameters<typeof mapReport>[0];

/**
 * Sparkplug B: births, data and deaths of edge nodes and their devices. Metrics by alias are
 * resolved against the births held here; a gap in sequence asks the edge node for a rebirth.
 */
export class SparkplugDecoder implements Decoder {
  private readonly state = new SparkplugState();

  constructor(private readonly clock: Clock) {}

  message(ctx: DecodeContext, payload: Buffer, topic: string): void {
    const { result } = ctx;
    const where = parseSparkplugTopic(topic);
    if (!where) {
      result.drops.push({ code: 'KAKOU_E_INGEST_PAYLOAD', detail: `${topic} is not a Sparkplug B topic` });
      return;
    }
    if (where.type.endsWith('CMD') || where.type === 'STATE') return; // commands (ours too) and host state are not device data
    let decoded;
    try {
      decoded = decodeSparkplug(payload);
    } catch (err) {
      const detail = `not a Sparkplug B payload (${(err as Error).message})`;
      result.drops.push({ code: 'KAKOU_E_INGEST_PAYLOAD', detail });
      return;
    }
    const now = this.clock.now();
    const out = this.state.handle(where, decoded, now);
    if (out.rebirth) result.commands = [out.rebirth];
    if (out.offline.length > 0) result.offline = out.offline;
    if (out.problem) result.drops.push({ code: 'KAKOU_E_INGEST_PAYLOAD', detail: out.problem });
    result.deviceId = where.device ?? where.edge;
    const spec = ctx.loaded.profile.payload as Spec;
    for (const u of out.updates) {
      const body = { ...u.body, ...(u.timestamp !== null && { 'sparkplug.timestamp': u.timestamp }) };
      const mapping = { ...ctx.mapping, captures: { ...ctx.mapping.captures, device: u.device }, receivedAt: now };
      ctx.accept(mapReport(spec, body, mapping), mapping);
    }
  }
}
