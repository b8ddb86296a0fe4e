import { createSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { encodeClassA, encodeStatic, toSentences } from '../../src/demo/ais-encoder.js';
import { NmeaTcpClient } from '../../src/ingest/nmea-tcp-client.js';
import { freePort } from '../support/ports.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import type { VesselTrack } from '../../src/tracks/track.js';
import { until } from '../support/until.js';

const position = (mmsi: number, lat = 30.75) =>
  toSentences(encodeClassA({ mmsi, lat, lon: 120.75, speed: 6, course: 58, heading: 58 }), 0, 0)[0] as string;
const staticLines = (mmsi: number, shipname: string) =>
  toSentences(
    encodeStatic({
      mmsi,
      imo: 0,
      callsign: 'BTEST1',
      shipname,
      shiptype: 70,
      toBow: 30,
      toStern: 20,
      toPort: 5,
      toStarboard: 5,
      draught: 3.1,
      destination: 'JIAXING',
    }).payload,
    2,
    3,
  );

/** A receiver's NMEA server: sends what the test queues to every client, and can die and come back on the same port. */
class Receiver {
  private server: Server | null = null;
  readonly clients = new Set<Socket>();
  onClient: (s: Socket) => void = () => {};
  constructor(readonly port: number) {}

  async listen(): Promise<void> {
    this.server = createServer((s) => {
      this.clients.add(s);
      s.on('close', () => this.clients.delete(s));
      s.on('error', () => undefined);
      this.onClient(s);
    });
    await new Promise<void>((resolve) => (this.server as Server).listen(this.port, '127.0.0.1', resolve));
  }

  async die(): Promise<void> {
    for (const c of this.clients) c.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
    this.server = null;
  }
}

let t: TestApp;
let rx: Receiver;

beforeAll(async () => {
  rx = new Receiver(await freePort());
  await rx.listen();
  t = await createTestApp({
    mqtt: { url: 'mqtt://127.0.0.1:1', reconnectMs: 60_000 },
    inputs: {
      nmea: [
        { id: 'rx-tcp', transport: 'tcp', host: '127.0.0.1', port: rx.port },
        { id: 'rx-udp', transport: 'udp', host: '127.0.0.1', port: 0 },
      ],
      minBackoffMs: 50,
      maxBackoffMs: 200,
    },
  });
  await t.app.start();
});
afterAll(async () => {
  await t?.close();
  await rx?.die();
});

const input = (name: string) => t.app.inputs.statuses().find((s) => s.name === name);
const vessel = (mmsi: number) => t.app.tracks.get(`vessel:${mmsi}`) as VesselTrack | undefined;
const readyz = async () =>
  (await t.app.web.app.inject({ url: '/readyz' })).json() as {
    checks: Record<string, { ok: boolean; detail: string }>;
    reasons: string[];
  };

describe('NMEA over TCP, as a client of a receiver', () => {
  it('reads positions and reassembles a two-part message split across TCP segments', async () => {
    await until(() => input('rx-tcp')?.state === 'connected' && rx.clients.size === 1);
    const [client] = [...rx.clients] as [Socket];
    const text = [position(413000001), ...staticLines(413000001, 'ZHEJIAXING 7')].join('\r\n') + '\r\n';
    // Cut inside the sentences, as TCP is free to.
    for (const part of [text.slice(0, 30), text.slice(30, 97), text.slice(97)]) {
      client.write(part);
      await new Promise((r) => setTimeout(r, 30));
    }
    await until(() => vessel(413000001)?.shipname === 'ZHEJIAXING 7');
    expect(vessel(413000001)?.lat).toBeCloseTo(30.75, 4);
    expect((await readyz()).checks['input:rx-tcp']?.ok).toBe(true);
    const metrics = (await t.app.web.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/kakou_input_up\{input="rx-tcp",transport="tcp"\} 1/);
    expect(metrics).toMatch(/kakou_input_lines_total\{input="rx-tcp"\} 3/);
  });

  it('shows the outage while the receiver is down and resumes by itself when it returns', async () => {
    await rx.die();
    await until(() => input('rx-tcp')?.state !== 'connected');
    const down = await readyz();
    expect(down.checks['input:rx-tcp']?.ok).toBe(false);
    expect(down.reasons.some((r) => r.startsWith('input:rx-tcp'))).toBe(true);
    await new Promise((r) => setTimeout(r, 300)); // a few refused reconnects
    rx.onClient = (s) => s.write(`${position(413000002)}\r\n`);
    await rx.listen();
    await until(() => vessel(413000002) !== undefined);
    expect(input('rx-tcp')).toMatchObject({ state: 'connected', lastError: null });
    expect(input('rx-tcp')?.reconnects).toBeGreaterThanOrEqual(2);
    const status = (
      await t.app.web.app.inject({ url: '/api/v1/status', headers: { cookie: await t.login('officer') } })
    ).json() as { adapters: Array<{ name: string; kind: string }> };
    expect(status.adapters.map((a) => `${a.kind}:${a.name}`)).toEqual(['mqtt:site-broker', 'tcp:rx-tcp', 'udp:rx-udp']);
  });
});

describe('NMEA over UDP', () => {
  it('decodes every line of every datagram', async () => {
    await until(() => input('rx-udp')?.state === 'listening');
    const port = Number(new URL(input('rx-udp')?.url as string).port);
    const sock = createSocket('udp4');
    await new Promise<void>((resolve) =>
      sock.send(`${position(413000003)}\r\n${position(413000004, 30.76)}\r\n`, port, '127.0.0.1', () => resolve()),
    );
    sock.close();
    await until(() => vessel(413000003) !== undefined && vessel(413000004) !== undefined);
    expect(vessel(413000004)?.lat).toBeCloseTo(30.76, 4);
    expect((await readyz()).checks['input:rx-udp']?.ok).toBe(true);
    expect(t.app.metrics.registry.getSingleMetric('kakou_ingest_messages_total')).toBeDefined();
  });
});

describe('input configuration and watchdog', () => {
  it('refuses inputs without an address or with a profile that does not decode NMEA, listing each', async () => {
    const bad = createTestApp({
      inputs: {
        nmea: [
          { id: 'a', transport: 'tcp', port: 10110 },
          { id: 'a', transport: 'udp', port: 10111, profile: 'hazmat-terminal-json' },
        ],
      },
    });
    await expect(bad).rejects.toMatchObject({ code: 'KAKOU_E_CONFIG_INVALID' });
    const problems = await bad.catch((e: { details: string[] }) => e.details);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^inputs\.nmea\.0\.host/),
        expect.stringMatching(/^inputs\.nmea\.1\.id/),
      ]),
    );
    const wrongProfile = createTestApp({
      inputs: { nmea: [{ id: 'b', transport: 'udp', port: 0, profile: 'hazmat-terminal-json' }] },
    });
    await expect(wrongProfile).rejects.toMatchObject({
      code: 'KAKOU_E_CONFIG_INVALID',
      details: [expect.stringMatching(/^inputs\.nmea\.0\.profile/)],
    });
  });

  it('drops and reopens a connection that goes silent (a half-open socket never errors)', async () => {
    const port = await freePort();
    const mute = new Receiver(port);
    await mute.listen();
    const client = new NmeaTcpClient(
      {
        id: 'mute',
        profile: 'ais-gateway-nmea',
        host: '127.0.0.1',
        port,
        minBackoffMs: 20,
        maxBackoffMs: 50,
        idleTimeoutMs: 200,
      },
      systemClock,
      pino({ level: 'silent' }),
      () => {},
    );
    client.start();
    try {
      await until(() => client.status().reconnects >= 2, 5000);
      expect(client.status().lastError).toMatch(/no data for/);
    } finally {
      await client.stop();
      await mute.die();
    }
    expect(client.status().state).toBe('stopped');
  });
});
