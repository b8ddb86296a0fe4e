import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AisDecoder } from '../../../src/normalize/ais/ais-decoder.js';
import { aisToJson } from '../../../src/normalize/ais/json.js';
import type { AisMessage } from '../../../src/normalize/ais/messages.js';

describe('AIS JSON output', () => {
  it('writes every message of the bench pool exactly as JSON.stringify would', () => {
    const d = new AisDecoder();
    const messages: AisMessage[] = [];
    const sink = { message: (m: AisMessage) => messages.push(m), reject: () => undefined };
    for (const line of readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'ais', 'bench-pool.nmea'), 'latin1').split('\n')) d.feedLine(line, 't', 0, sink);
    expect(new Set(messages.map((m) => m.type)).size).toBeGreaterThan(10);
    for (const m of messages) expect(aisToJson(m)).toBe(JSON.stringify(m));
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
