import { mkdtempSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { DataType, OPCUACertificateManager, OPCUAServer, Variant } from 'node-opcua';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { isUp } from '../../src/ingest/adapter-status.js';
import { frameSource, type Frame, type IngestAdapter } from '../../src/ingest/ingest-adapter.js';
import { NmeaTcpClient } from '../../src/ingest/nmea-tcp-client.js';
import { NmeaUdpListener } from '../../src/ingest/nmea-udp-listener.js';
import { OpcUaAdapter } from '../../src/ingest/opcua-adapter.js';
import { createSiteBroker } from '../../src/ingest/site-broker.js';
import { createMetrics } from '../../src/metrics/metrics.js';
import { loadProfiles } from '../../src/normalize/profiles/load-profiles.js';
import { DEFAULT_PROFILE_DIR } from '../../src/paths.js';
import { startBroker } from '../support/broker.js';
import { freePort } from '../support/ports.js';
import { BUILT_DECODE_WORKER } from '../support/test-app.js';
import { until } from '../support/until.js';

const log = pino({ level: 'silent' });
const AIS = '!AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0*24';
const BACKOFF = { minBackoffMs: 20, maxBackoffMs: 200 };

/** One input under the contract: how to build it, and a real peer that makes it deliver. */
interface Harness {
  /** The source its frames name (a topic, tcp:id, udp:id, opcua:id). */
  source: string;
  /** The form of frame it delivers. */
  form: Frame['form'];
  build(sink: (f: Frame) => void): Promise<IngestAdapter>;
  /** Makes the peer send one message. */
  send(): Promise<void>;
  /** Takes the peer away (a client adapter must notice); undefined for a listener, which has no peer to lose. */
  lose?(): Promise<void>;
  close(): Promise<void>;
}

function siteBroker(thread: 'main' | 'worker'): () => Promise<Harness> {
  return async () => {
    const topic = `kakou/ais/contract-${thread}/nmea`;
    // A broker of its own, to take away.
    const broker = await startBroker();
    const publisher = await connectAsync(broker.url);
    let up = true;
    const lose = async () => {
      await publisher.endAsync(true);
      if (up) await broker.stop();
      up = false;
    };
    const profiles = loadProfiles(DEFAULT_PROFILE_DIR);
    return {
      source: topic,
      form: thread === 'main' ? 'message' : 'normalized',
      build: (sink) =>
        createSiteBroker({
          adapter: {
            url: broker.url,
            clientId: `contract-${thread}-${process.pid}`,
            username: '',
            password: '',
            qos: 1,
            reconnectMs: 100,
            filters: [`kakou/ais/contract-${thread}/#`],
          },
          worker:
            thread === 'worker'
              ? { script: BUILT_DECODE_WORKER, profileDir: DEFAULT_PROFILE_DIR, profiles, driverIdKey: null }
              : null,
          sink,
          metrics: createMetrics(),
          clock: systemClock,
          log,
        }),
      send: async () => {
        await publisher.publishAsync(topic, AIS, { qos: 1 });
      },
      lose,
      close: lose,
    };
  };
}

async function tcpReceiver(): Promise<Harness> {
  const port = await freePort();
  const clients = new Set<Socket>();
  let server: Server | null = null;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((s) => {
        clients.add(s);
        s.on('close', () => clients.delete(s));
        s.on('error', () => undefined);
      }).listen(port, '127.0.0.1', resolve);
    });
  const lose = async () => {
    for (const s of clients) s.destroy();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = null;
  };
  await listen();
  return {
    source: 'tcp:rx-contract',
    form: 'lines',
    build: async (sink) =>
      new NmeaTcpClient(
        { id: 'rx-contract', profile: 'ais-gateway-nmea', host: '127.0.0.1', port, idleTimeoutMs: 30_000, ...BACKOFF },
        systemClock,
        log,
        sink,
      ),
    send: async () => {
      await until(() => clients.size === 1, 5000, 'one connection from the adapter');
      for (const s of clients) s.write(`${AIS}\r\n`);
    },
    lose,
    close: lose,
  };
}

async function udpListener(): Promise<Harness> {
  const sender = createSocket('udp4');
  let adapter: NmeaUdpListener | null = null;
  let port: number | undefined;
  return {
    source: 'udp:udp-contract',
    form: 'lines',
    build: async (sink) => {
      adapter = new NmeaUdpListener(
        { id: 'udp-contract', profile: 'ais-gateway-nmea', host: '127.0.0.1', port: 0, ...BACKOFF },
        systemClock,
        log,
        sink,
      );
      return adapter;
    },
    send: async () => {
      // The port it bound, remembered: after stop, datagrams still go there, and must not arrive.
      port ??= await until(() => adapter?.port ?? undefined, 5000, 'a bound port');
      await new Promise<void>((resolve, reject) =>
        sender.send(`${AIS}\n`, port, '127.0.0.1', (err) => (err ? reject(err) : resolve())),
      );
    },
    close: async () => {
      sender.close();
    },
  };
}

async function opcuaInstallation(): Promise<Harness> {
  const port = await freePort();
  let value = 40_000;
  const server = new OPCUAServer({
    port,
    resourcePath: '/UA/Contract',
    serverCertificateManager: new OPCUACertificateManager({
      rootFolder: mkdtempSync(join(tmpdir(), 'kakou-contract-pki-')),
      automaticallyAcceptUnknownCertificate: true,
    }),
  });
  await server.initialize();
  const ns = server.engine.addressSpace?.getOwnNamespace();
  if (!ns) throw new Error('no address space');
  ns.addVariable({
    organizedBy: server.engine.addressSpace?.rootFolder.objects,
    browseName: 'GrossKg',
    nodeId: 's=GrossKg',
    dataType: DataType.Double,
    minimumSamplingInterval: 50,
    value: { get: () => new Variant({ dataType: DataType.Double, value }) },
  });
  await server.start();
  let up = true;
  const lose = async () => {
    if (up) await server.shutdown();
    up = false;
  };
  return {
    source: 'opcua:bay-contract',
    form: 'values',
    build: async (sink) =>
      new OpcUaAdapter(
        { id: 'bay-contract', profile: 'draught-gauge-opcua' },
        {
          endpoint: `opc.tcp://127.0.0.1:${port}/UA/Contract`,
          nodes: { GrossKg: 'ns=1;s=GrossKg' },
          samplingIntervalMs: 50,
          publishingIntervalMs: 50,
          stallTimeoutS: 2,
          securityMode: 'None',
          securityPolicy: 'None',
        },
        mkdtempSync(join(tmpdir(), 'kakou-contract-client-pki-')),
        systemClock,
        log,
        sink,
      ),
    send: async () => {
      value += 100;
    },
    lose,
    close: lose,
  };
}

const harnesses: Array<[string, () => Promise<Harness>]> = [
  ['site broker, decoded on the main thread', siteBroker('main')],
  ['site broker, decoded on its own thread', siteBroker('worker')],
  ['NMEA over TCP', tcpReceiver],
  ['NMEA over UDP', udpListener],
  ['OPC UA', opcuaInstallation],
];

describe.each(harnesses)('the ingest adapter contract: %s', (_name, make) => {
  it('starts once, delivers frames naming their source, reports its state, notices a lost peer and stops for good', async () => {
    const h = await make();
    const frames: Frame[] = [];
    const adapter = await h.build((f) => frames.push(f));
    try {
      // Before start: stopped, and its status names it as it names itself.
      expect(adapter.status()).toMatchObject({ name: adapter.id, kind: adapter.kind, state: 'stopped' });
      adapter.start();
      adapter.start(); // a second start is a no-op: one connection, one copy of each message
      await until(() => isUp(adapter.status()), 20_000, `${adapter.id} up`);

      await h.send();
      await until(() => frames.length > 0, 20_000, 'a frame');
      const frame = frames[0] as Frame;
      expect(frame.form).toBe(h.form);
      expect(frameSource(frame)).toBe(h.source);
      if (h.form !== 'values') {
        // A message delivered once, not once per start.
        await new Promise((r) => setTimeout(r, 300));
        expect(frames).toHaveLength(1);
      }
      expect(adapter.status().messages).toBeGreaterThan(0);

      if (h.lose) {
        await h.lose();
        await until(() => !isUp(adapter.status()), 20_000, `${adapter.id} noticing its peer is gone`);
      }

      await adapter.stop();
      await adapter.stop(); // stopping twice is safe
      expect(adapter.status().state).toBe('stopped');
      const after = frames.length;
      if (!h.lose) {
        await h.send().catch(() => undefined);
        await new Promise((r) => setTimeout(r, 300));
        expect(frames).toHaveLength(after); // nothing is delivered once stopped
      }
    } finally {
      await adapter.stop();
      await h.close();
    }
  }, 60_000);
});
