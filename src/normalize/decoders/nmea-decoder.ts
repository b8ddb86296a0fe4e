import { AisDecoder } from '../ais/ais-decoder.js';
import { aisToObservations } from '../ais-observations.js';
import type { DecodeContext, Decoder } from './decoder.js';

/**
 * NMEA 0183 AIS sentences, from a broker message (one or more lines) or a stream input. Multi-
 * sentence messages are reassembled per profile and per source, so two receivers' fragments never mix.
 */
export class NmeaDecoder implements Decoder {
  private readonly ais = new Map<string, AisDecoder>();

  /** Incomplete AIS groups dropped so far, per profile. */
  droppedFragmentGroups(): Record<string, number> {
    return Object.fromEntries([...this.ais].map(([id, d]) => [id, d.droppedGroups]));
  }

  message(ctx: DecodeContext, payload: Buffer): void {
    const text = payload.toString('latin1');
    // Most gateways publish a sentence per message: a regular-expression split costs more than its decoding.
    this.lines(ctx, text.includes('\n') ? text.split(/\r?\n/) : [text]);
    const { result } = ctx;
    if (result.observations.length === 0 && result.drops.length === 0 && text.trim() === '')
      result.drops.push({ code: 'KAKOU_E_INGEST_PAYLOAD', detail: 'empty payload' });
  }

  lines(ctx: DecodeContext, lines: readonly string[]): void {
    const profile = ctx.loaded.profile.id;
    let decoder = this.ais.get(profile);
    if (!decoder) this.ais.set(profile, (decoder = new AisDecoder()));
    const { result, sender, source } = ctx;
    const { receivedAt } = ctx.mapping;
    result.deviceId = sender;
    const base = { profile, deviceId: sender, receivedAt };
    for (const line of lines) {
      if (line.trim() === '') continue;
      const out = decoder.feed(line, source, receivedAt);
      if (!out.ok) result.drops.push({ code: out.code, detail: out.detail });
      else if (out.value) result.observations.push(...aisToObservations(out.value, base));
    }
  }
}
