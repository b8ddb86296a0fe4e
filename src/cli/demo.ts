import { createHash, createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomPassword } from '../accounts/password.js';
import { createApp } from '../app.js';
import { sleep } from '../clock.js';
import { loadConfig } from '../config/load-config.js';
import { DRIVER_ID_KEY_BYTES, driverIdKeyId } from '../domain/driver-id.js';
import { demoSnapshot } from '../demo/demo-snapshot.js';
import { startEmbeddedBroker } from '../demo/embedded-broker.js';
import { demoCheckpoint } from '../demo/route.js';
import { demoSiteDrawing } from '../demo/site-drawing.js';
import { Simulator } from '../demo/simulator.js';
import { KakouError } from '../errors.js';
import { recordsFromJson } from '../snapshot/from-json.js';
import { buildSnapshot } from '../snapshot/writer.js';
import { generateNodeKey, rawPublicKey } from '../sync/signing.js';
import { EXIT, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

/** Fixed so the demo's random draws are the same on every run; `kakou serve` commits a fresh secret seed per shift. */
const DEMO_SEED = createHash('sha256').update('kakou demo seed').digest('hex');

export const demoCommand: Command = {
  name: 'demo',
  usage: `Usage: kakou demo [--port N] [--host ADDR] [--broker-port N] [--data-dir DIR] [--no-faults]

Starts an embedded MQTT broker, a device simulator (AIS vessels on the canal and hazmat
trucks on the road past a checkpoint in Jiaxing), a demo credit snapshot, and the terminal.
Prints the terminal URL and a demo account. Nothing needs to be installed beyond npm packages.

Options:
  -p, --port N         terminal port (default 8080; 0 picks a free port)
      --host ADDR      terminal address (default 127.0.0.1)
      --broker-port N  embedded broker port (default 0: a free port, printed at start)
      --data-dir DIR   keep the demo database here (default: a temporary folder, removed at exit)
      --no-faults      do not publish the occasional malformed device message
  -h, --help           show this help`,
  async run(ctx, args) {
    const { values } = parseCommandArgs(args, {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'broker-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'no-faults': { type: 'boolean' },
    });
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    const int = (v: string | undefined, name: string) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535)
        throw new KakouError('KAKOU_E_CLI_USAGE', `--${name} must be a port number`);
      return n;
    };
    const port = int(values.port, 'port');
    const brokerPort = int(values['broker-port'], 'broker-port') ?? 0;
    const tempDir = values['data-dir'] ? null : mkdtempSync(join(tmpdir(), 'kakou-demo-'));
    const dataDir = values['data-dir'] ? resolve(ctx.cwd, values['data-dir']) : (tempDir as string);

    // The demo is its own issuer: a fresh key signs the demo snapshot, and only this run trusts it.
    const issuer = generateNodeKey().privateKey;
    const issuerPublic = rawPublicKey(createPublicKey(issuer)).toString('hex');
    // And its own provincial driver-id key, which the demo node holds to check the drivers.
    const driverIdKey = randomBytes(DRIVER_ID_KEY_BYTES);
    const preliminary = loadConfig({ env: ctx.env });
    const log = ctx.logger(preliminary.log.level);
    const broker = await startEmbeddedBroker('127.0.0.1', brokerPort, log.child({ module: 'demo-broker' }));
    let app: Awaited<ReturnType<typeof createApp>> | null = null;
    let sim: Simulator | null = null;
    try {
      const config = loadConfig({
        env: ctx.env,
        base: {
          node: { id: 'kakou-demo', name: '演示节点' },
          site: { name: '嘉兴杭申线示范卡口' },
          checkpoint: demoCheckpoint(preliminary.site),
          map: { features: demoSiteDrawing(preliminary.site) },
          scoring: { seed: DEMO_SEED },
          snapshot: { trustedKeys: [issuerPublic], driverIdKey: driverIdKey.toString('hex') },
        },
        overrides: {
          mqtt: { url: broker.url, watch: '#' },
          storage: { dataDir },
          ...((port !== undefined || values.host) && {
            http: { ...(port !== undefined && { port }), ...(values.host && { host: values.host }) },
          }),
        },
      });
      app = await createApp(config, { log });
      const json = demoSnapshot(ctx.clock.now(), config.site);
      const signed = buildSnapshot(
        {
          version: json.version,
          baseVersion: 0,
          issuedAtMs: Date.parse(json.issuedAt),
          validUntilMs: Date.parse(json.validUntil),
          issuer: '演示信用平台',
          driverIdKeyId: driverIdKeyId(driverIdKey),
        },
        issuer,
        recordsFromJson(json, driverIdKey),
      );
      await app.snapshots.importStream([signed], 'demo');
      let account = 'demo (existing account: password as printed when it was created)';
      if (!app.storage.accounts.byName('demo')) {
        const password = randomPassword();
        await app.accounts.createUser('demo', password, 'admin');
        account = `demo / ${password}`;
      }
      const { url } = await app.start();
      // The simulator sends every vessel's static data once at its start (and then every 30 s):
      // the node must be subscribed first. With the decode thread its connection starts only once
      // the thread has loaded, after app.start() returns. Bounded: a demo still runs without it.
      for (let waited = 0; app.broker.status().state !== 'connected' && waited < 10_000; waited += 50)
        await sleep(ctx.clock, 50);
      sim = new Simulator(
        { brokerUrl: broker.url, site: config.site, faults: !values['no-faults'] },
        log.child({ module: 'simulator' }),
        ctx.clock,
      );
      await sim.start();
      ctx.out(`Kakou demo running.`);
      ctx.out(`  Terminal:  ${url}`);
      ctx.out(`  Account:   ${account}   (demo mode only)`);
      ctx.out(`  Broker:    ${broker.url}   (publish your own device messages here)`);
      ctx.out(`  Data:      ${dataDir}${tempDir ? '   (temporary, removed at exit)' : ''}`);
      ctx.out(`Press Ctrl+C to stop.`);
      const signal = await ctx.shutdownRequested();
      log.info({ signal }, 'stopping demo');
      return EXIT.ok;
    } finally {
      await sim?.stop();
      await app?.stop();
      await broker.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    }
  },
};
