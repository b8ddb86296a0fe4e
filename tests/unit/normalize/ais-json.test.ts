import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AisDecoder } from '../../../src/normalize/ais/ais-decoder.js';
import { aisToJson } from '../../../src/normalize/ais/json.js';
import type { AisMessage } from '../../../src/normalize/ais/messages.js';

describe('AIS JSON output', () => {
  it('writes every message of the bench pool as JSON.stringify would, positions to 7 decimals', () => {
    const d = new AisDecoder();
    const messages: AisMessage[] = [];
    const sink = { message: (m: AisMessage) => messages.push(m), reject: () => undefined };
    for (const line of readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'ais', 'bench-pool.nmea'), 'latin1').split('\n')) d.feedLine(line, 't', 0, sink);
    expect(new Set(messages.map((m) => m.type)).size).toBeGreaterThan(10);
    for (const m of messages) {
      const got = JSON.parse(aisToJson(m)) as Record<string, unknown>;
      const want = JSON.parse(JSON.stringify(m)) as Record<string, unknown>;
      expect(Object.keys(got)).toEqual(Object.keys(want));
      for (const key of Object.keys(want)) {
        if ((key === 'lat' || key === 'lon') && typeof want[key] === 'number') {
          // 7 decimals keep the 1/10,000-minute raw value exactly recoverable.
          expect(Math.round((got[key] as number) * 600_000)).toBe(Math.round((want[key] as number) * 600_000));
          expect(Math.abs((got[key] as number) - (want[key] as number))).toBeLessThanOrEqual(5e-8);
        } else expect(got[key], key).toEqual(want[key]);
      }
    }
  });

  it('adds the tag block station and time under libais names', () => {
    const d = new AisDecoder();
    let line = '';
    d.feedLine('\\s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55\\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78', 't', 0, {
      message: (m, tag) => { line = aisToJson(m, tag); }, reject: () => undefined,
    });
    expect(JSON.parse(line)).toMatchObject({ type: 1, mmsi: 224651000, tagblock_station: 'rORBCOMM104', tagblock_timestamp: '2014-12-10T00:41:53.000Z' });
  });
});
