import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBroker, type TestBroker } from '../support/broker.js';
import { runCli } from '../support/cli.js';

let broker: TestBroker;
let dir: string;
beforeAll(async () => {
  broker = await startBroker();
  dir = mkdtempSync(join(tmpdir(), 'kakou-replay-'));
});
afterAll(async () => {
  await broker.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('kakou ais replay', () => {
  it('publishes every line of a capture to the broker, paced by tag-block time and sped up', async () => {
    const lines = [
      '\\s:66,c:1661782474*36\\!AIVDM,1,1,,A,36=nR7OP0>69WMN3Gt:mu?w02000,0*07',
      '\\s:66,c:1661782475*37\\!AIVDM,1,1,,A,13VPgj0viKV8dtr3Fc7:m`e000SA,0*16',
      '\\s:66,c:1661782476*34\\!AIVDM,1,1,,B,33VPgj0wALV8e4t3Fc3bd`dd0CeM,0*37',
    ];
    const file = join(dir, 'capture.nmea');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const sub = await mqtt.connectAsync(broker.url);
    const got: Array<{ line: string; at: number }> = [];
    sub.on('message', (_t, payload) => got.push({ line: payload.toString(), at: Date.now() }));
    await sub.subscribeAsync('site/ais/#', { qos: 1 });
    // Two seconds of capture at 4x: about half a second between first and last.
    const r = await runCli([
      'ais',
      'replay',
      file,
      '--url',
      broker.url,
      '--topic',
      'site/ais/gw1/nmea',
      '--speed',
      '4',
    ]);
    expect(r.code).toBe(0);
    await new Promise((res) => setTimeout(res, 200));
    await sub.endAsync();
    expect(got.map((g) => g.line)).toEqual(lines);
    const span = (got[2] as { at: number }).at - (got[0] as { at: number }).at;
    expect(span).toBeGreaterThanOrEqual(400);
    expect(span).toBeLessThan(1500);
  });

  it('refuses a missing URL or a bad speed with a usage error', async () => {
    const file = join(dir, 'x.nmea');
    writeFileSync(file, '!AIVDM,1,1,,A,15N1u<PP1FJuvSRHOE6QIwwh0HQ6,0*30\n');
    expect((await runCli(['ais', 'replay', file])).code).toBe(2);
    expect((await runCli(['ais', 'replay', file, '--url', broker.url, '--speed', '0'])).code).toBe(2);
  });
});
