import { describe, expect, it } from 'vitest';
import { AisDecoder } from '../../../src/normalize/ais/ais-decoder.js';
import { formatSentence } from '../../../src/normalize/nmea/sentence.js';
import { fuzzInputs, runFuzz } from '../../support/ais-fuzz.js';

describe('AIS decoder under hostile input', () => {
  it('never throws on 30,000 random and mutated sentences, and rejects rather than drops', () => {
    const r = runFuzz(fuzzInputs(30_000, 20261125));
    expect(r.inputs).toBe(30_000);
    expect(r.rejects).toBeGreaterThan(10_000);
    expect(r.messages).toBeGreaterThan(1_000);
    expect(r.pending).toBeLessThanOrEqual(256);
  });

  it('holds at most maxPending groups under a flood of orphan first fragments', () => {
    const d = new AisDecoder({ timeoutMs: 60_000, maxPending: 100 });
    const sink = { message: () => undefined, reject: () => undefined };
    for (let i = 0; i < 50_000; i++)
      d.feedLine(formatSentence(`AIVDM,2,1,${i % 10},A,53cv1d82BuaLT9Db220h4AV18Tp62222222,0`), `src${i}`, i, sink);
    expect(d.pendingGroups).toBe(100);
    expect(d.droppedGroups).toBe(49_900);
  });
});
