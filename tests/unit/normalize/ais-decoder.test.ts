import { describe, expect, it } from 'vitest';
import { AisDecoder } from '../../../src/normalize/ais/ais-decoder.js';
import { FragmentAssembler } from '../../../src/normalize/ais/assembler.js';
import { parseAisSentence, formatSentence } from '../../../src/normalize/nmea/sentence.js';
import { encodeClassA, encodeStatic, toSentences } from '../../../src/demo/ais-encoder.js';

// From gpsd's test logs (tests/fixtures/ais/gpsd), with gpsd's decoding as the expectation.
const TYPE5 = [
  '!AIVDM,2,1,7,B,53cv1d82BuaLT9Db220h4AV18Tp622222222221@APcA:4v<0BilPAm88888,0*59',
  '!AIVDM,2,2,7,B,88888888880,2*20',
];

describe('NMEA framing', () => {
  it('rejects a bad checksum with its code', () => {
    const r = parseAisSentence('!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*00');
    expect(r.ok ? null : r.code).toBe('KAKOU_E_NMEA_CHECKSUM');
  });

  it('keeps a tag block and tolerates fields after the checksum', () => {
    const line = '\\s:rMT6214,c:1699401689*53\\!AIVDM,1,1,,A,133g`DP000PCJC>MEj<pdo<l0<49Vm5,0*6A,extra,1325394060';
    const r = parseAisSentence(line);
    expect(r.ok && r.value.tag).toEqual({ source: 'rMT6214', timeMs: 1_699_401_689_000, group: null });
  });

  it('ignores a tag block whose own checksum fails but keeps the sentence', () => {
    const r = parseAisSentence('\\s:rMT6214,c:1699401689*41\\!AIVDM,1,1,,A,133g`DP000PCJC>MEj<pdo<l0<49Vm5,0*6A');
    expect(r.ok && { tag: r.value.tag, rejected: r.value.tagRejected }).toEqual({ tag: null, rejected: true });
  });

  it('rejects garbage and other sentence types as framing errors', () => {
    for (const line of [
      'hello',
      '$GPRMC,194907.00,A,5241.99815,N,00517.56525,E,0.005,,010809,,,A*7B',
      formatSentence('AIVDM,3,4,,A,15N,0'),
    ]) {
      const r = parseAisSentence(line);
      expect(r.ok ? null : r.code).toBe('KAKOU_E_NMEA_FRAMING');
    }
  });
});

describe('AIS decoder', () => {
  it('decodes a class A position report with gpsd units', () => {
    const r = new AisDecoder().feed('!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30', 'gw', 0);
    expect(r.ok && r.value).toMatchObject({
      type: 1,
      mmsi: 367033650,
      speed: 8.6,
      course: 35.9,
      heading: null,
      turn: null,
      status: 0,
    });
    if (r.ok && r.value?.type === 1) {
      expect(r.value.lat).toBeCloseTo(42.79855, 4);
      expect(r.value.lon).toBeCloseTo(-70.34691, 4);
    }
  });

  it('reassembles a two-sentence type 5 and decodes its text fields', () => {
    const d = new AisDecoder();
    expect(d.feed(TYPE5[0] as string, 'gw', 0)).toEqual({ ok: true, value: null });
    const r = d.feed(TYPE5[1] as string, 'gw', 1);
    expect(r.ok && r.value).toMatchObject({
      type: 5,
      mmsi: 247431600,
      imo: 9631383,
      callsign: 'IBUJ',
      shipname: 'LADY RINA',
      shiptype: 80,
      draught: 7.5,
      destination: 'GRAGT',
      eta: '03-28T12:00Z',
    });
  });

  it('keeps interleaved groups from two channels apart', () => {
    const a = toSentences(
      encodeStatic({
        mmsi: 413000001,
        imo: 0,
        callsign: 'AAA',
        shipname: 'ALPHA',
        shiptype: 70,
        toBow: 10,
        toStern: 5,
        toPort: 2,
        toStarboard: 2,
        draught: 2.5,
        destination: 'X',
      }).payload,
      2,
      1,
      'A',
    );
    const b = toSentences(
      encodeStatic({
        mmsi: 413000002,
        imo: 0,
        callsign: 'BBB',
        shipname: 'BRAVO',
        shiptype: 80,
        toBow: 10,
        toStern: 5,
        toPort: 2,
        toStarboard: 2,
        draught: 2.5,
        destination: 'Y',
      }).payload,
      2,
      1,
      'B',
    );
    const d = new AisDecoder();
    const out = [a[0], b[0], a[1], b[1]]
      .map((l) => d.feed(l as string, 'gw', 0))
      .filter((r) => r.ok && r.value)
      .map((r) => (r.ok && r.value?.type === 5 ? r.value.shipname : ''));
    expect(out).toEqual(['ALPHA', 'BRAVO']);
  });

  it('reports "not available" values as null instead of dropping the message', () => {
    const line = toSentences(
      encodeClassA({ mmsi: 413000003, lat: null, lon: null, speed: null, course: null, heading: null, turn: null }),
      0,
      0,
    )[0] as string;
    const r = new AisDecoder().feed(line, 'gw', 0);
    expect(r.ok && r.value).toMatchObject({
      mmsi: 413000003,
      lat: null,
      lon: null,
      speed: null,
      course: null,
      heading: null,
      turn: null,
    });
  });

  it('rejects an orphan second fragment and a wrong bit count with their codes', () => {
    const d = new AisDecoder();
    const orphan = d.feed(TYPE5[1] as string, 'gw', 0);
    expect(orphan.ok ? null : orphan.code).toBe('KAKOU_E_AIS_FRAGMENT');
    const short = d.feed(formatSentence('AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6Q,0'), 'gw', 0);
    expect(short.ok ? null : short.code).toBe('KAKOU_E_AIS_BIT_COUNT');
  });

  it('reports an unsupported message type with its own code', () => {
    // Type 30 ('N') is not defined by M.1371.
    const r = new AisDecoder().feed(formatSentence('AIVDM,1,1,,A,N03Ovl@000Htt<tSF0l4Q@100`Pq,0'), 'gw', 0);
    expect(r.ok ? null : r.code).toBe('KAKOU_E_AIS_UNSUPPORTED_TYPE');
  });

  it('joins a group whose later sentences carry only the tag block group id, and keeps its source and time', () => {
    const got: Array<{ type: number; source: string | null | undefined; time: number | null | undefined }> = [];
    const sink = {
      message: (m: { type: number }, tag: { source: string | null; timeMs: number | null } | null) =>
        got.push({ type: m.type, source: tag?.source, time: tag?.timeMs }),
      reject: () => undefined,
    };
    const d = new AisDecoder();
    d.feedLine(
      '\\g:1-2-1278,s:66,c:1661782369*43\\!AIVDM,2,1,3,A,56=nR7D00003A<I@E=@TmDh637OS60mA:222220N1@6427?P00888888,0*66',
      'tcp',
      0,
      sink,
    );
    d.feedLine('\\s:66,c:1661782474*36\\!AIVDM,1,1,,A,36=nR7OP0>69WMN3Gt:mu?w02000,0*07', 'tcp', 0, sink);
    d.feedLine('\\g:2-2-1278*51\\!AIVDM,2,2,3,A,888888888888880,2*27', 'tcp', 0, sink);
    expect(got).toEqual([
      { type: 3, source: '66', time: 1_661_782_474_000 },
      { type: 5, source: '66', time: 1_661_782_369_000 },
    ]);
  });

  it('reads two tagged sentences on one line and a sentence after a line-number prefix', () => {
    const types: number[] = [];
    const sink = { message: (m: { type: number }) => types.push(m.type), reject: () => undefined };
    const d = new AisDecoder();
    expect(
      d.feedLine(
        '\\c:1662052384,s:FM112*00\\!AIVDM,2,1,1,A,502CuBh0000000000000000000000000000000000000040Ht00000000000,0*37\\c:1662052384,s:FM112*00\\!AIVDM,2,2,1,A,00000000000,2*25',
        'f',
        0,
        sink,
      ),
    ).toBe(2);
    d.feedLine('    9 !AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A', 'f', 0, sink);
    expect(types).toEqual([5, 1]);
  });
});

describe('fragment assembler', () => {
  it('drops incomplete groups after the timeout and stays within its bound', () => {
    const asm = new FragmentAssembler({ timeoutMs: 1000, maxPending: 3 });
    const first = (seq: string) => {
      const r = parseAisSentence(
        formatSentence(`AIVDM,2,1,${seq},A,53cv1d82BuaLT9Db220h4AV18Tp622222222221@APcA:4v<0BilPAm88888,0`),
      );
      if (!r.ok) throw new Error(r.detail);
      return r.value;
    };
    for (const seq of ['1', '2', '3', '4', '5']) asm.add(first(seq), 'gw', 0);
    expect(asm.size).toBe(3);
    expect(asm.dropped).toBe(2);
    asm.add(first('6'), 'gw', 5000);
    expect(asm.size).toBe(1);
    expect(asm.dropped).toBe(5);
  });
});
