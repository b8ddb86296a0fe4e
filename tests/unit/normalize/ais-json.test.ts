import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AisDecoder } from '../../../src/normalize/ais/ais-decoder.js';
import { decodeAis } from '../../../src/normalize/ais/decode.js';
import { JsonBytes } from '../../../src/normalize/ais/json-bytes.js';
import { writeAisJson } from '../../../src/normalize/ais/json-direct.js';
import { aisToJson } from '../../../src/normalize/ais/json.js';
import { AIS_FIXTURES, aisCorpus, expectSameAisJson } from '../../support/ais-corpus.js';

describe('AIS JSON output', () => {
  it('writes every message of every fixture corpus straight from the bits as JSON.stringify writes its object', () => {
    let out = '';
    const json = new JsonBytes((chunk, done) => {
      out += chunk.toString('utf8');
      done();
    }, 4096);
    const direct = new Map<number, number>();
    const declined = new Set<number>();
    for (const file of aisCorpus()) {
      const d = new AisDecoder();
      const sink = {
        message: () => undefined,
        reject: () => undefined,
        bits: (b: Parameters<typeof writeAisJson>[1]) => {
          const want = decodeAis(b);
          const wrote = writeAisJson(json, b);
          json.flush();
          const where = `${file.slice(AIS_FIXTURES.length + 1)} type ${b.uint(0, 6)}`;
          // What the object decoder rejects, the direct writer must decline too, so it is rejected with its reason.
          if (!want.ok) expect(wrote, where).toBe(false);
          else if (!wrote) declined.add(want.value.type);
          else {
            expect(out.endsWith('\n') && out.indexOf('\n') === out.length - 1, where).toBe(true);
            expectSameAisJson(
              JSON.parse(out) as Record<string, unknown>,
              JSON.parse(JSON.stringify(want.value)) as Record<string, unknown>,
              where,
            );
            direct.set(want.value.type, (direct.get(want.value.type) ?? 0) + 1);
          }
          out = '';
          return true;
        },
      };
      for (const line of readFileSync(file, 'latin1').split('\n')) d.feedLine(line, 't', 0, sink);
    }
    expect([...direct.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 11, 18, 24]);
    expect([...direct.values()].reduce((a, b) => a + b)).toBeGreaterThan(15_000);
    // Type 24 part B (its fields depend on the MMSI) and the rarer types go through JSON.stringify.
    expect([...declined].filter((t) => t !== 24 && direct.has(t))).toEqual([]);
  });

  it('writes long lines from JSON.stringify whole, across buffer boundaries', () => {
    const chunks: Buffer[] = [];
    const json = new JsonBytes((chunk, done) => {
      chunks.push(Buffer.from(chunk));
      done();
    }, 64);
    json.line(`{"text":"${'x'.repeat(100)}"}`);
    json.line('{"a":"é"}');
    json.flush();
    expect(Buffer.concat(chunks).toString('utf8')).toBe(`{"text":"${'x'.repeat(100)}"}\n{"a":"é"}\n`);
  });

  it('adds the tag block station and time under libais names', () => {
    const d = new AisDecoder();
    let line = '';
    d.feedLine(
      '\\s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55\\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78',
      't',
      0,
      {
        message: (m, tag) => {
          line = aisToJson(m, tag);
        },
        reject: () => undefined,
      },
    );
    expect(JSON.parse(line)).toMatchObject({
      type: 1,
      mmsi: 224651000,
      tagblock_station: 'rORBCOMM104',
      tagblock_timestamp: '2014-12-10T00:41:53.000Z',
    });
  });
});
