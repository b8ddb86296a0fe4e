import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { startCli, type RunningCli } from './cli.js';
import { freePort } from './ports.js';
import { signedDemoSnapshot, TEST_ISSUER_PUBLIC } from './snapshots.js';
import { until } from './until.js';

export const TRUCK = 'vehicle:浙F3A101';

export interface SiteNode {
  cli: RunningCli;
  base: string;
  /** An authenticated JSON call to the node's API, as the administrator set up at first start. */
  api(method: string, path: string, body?: object): Promise<Response>;
}

/**
 * A real node (`kakou serve`) with the demo snapshot, on a broker, syncing to a central URL: set
 * up with its administrator, and serving the demo's hazmat truck as a target.
 */
export async function startSiteNode(opts: {
  dir: string;
  nodeId: string;
  brokerUrl: string;
  centralUrl: string;
  enrolmentToken: string;
}): Promise<SiteNode> {
  const httpPort = await freePort();
  const snapshot = join(opts.dir, 'snapshot.ksnap');
  writeFileSync(snapshot, signedDemoSnapshot());
  const config = join(opts.dir, 'kakou.yaml');
  writeFileSync(
    config,
    JSON.stringify({
      node: { id: opts.nodeId },
      http: { port: httpPort },
      mqtt: { url: opts.brokerUrl, reconnectMs: 200 },
      storage: { dataDir: join(opts.dir, 'node') },
      snapshot: { file: snapshot, trustedKeys: [TEST_ISSUER_PUBLIC] },
      sync: {
        centralUrl: opts.centralUrl,
        enrolmentToken: opts.enrolmentToken,
        batchSize: 20,
        minBackoffMs: 20,
        maxBackoffMs: 300,
        probeMs: 50,
        requestTimeoutMs: 2000,
      },
    }),
  );
  await truckReport(opts.brokerUrl, 0, true);
  const cli = startCli(['serve', '--config', config], { KAKOU_LOG__LEVEL: 'warn' });
  const [, token] = await cli.waitFor(/setup token: ([0-9a-f]{32})/);
  const base = `http://127.0.0.1:${httpPort}`;
  const setup = await fetch(`${base}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ setupToken: token, username: 'admin', password: 'site-admin-pw-1' }),
  });
  const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const api = (method: string, path: string, body?: object) =>
    fetch(`${base}${path}`, {
      method,
      headers: { cookie, ...(body && { 'content-type': 'application/json' }) },
      ...(body && { body: JSON.stringify(body) }),
    });
  await until(
    async () => {
      const { targets } = (await (await api('GET', '/api/v1/targets')).json()) as { targets: Array<{ id: string }> };
      return targets.some((t) => t.id === TRUCK) ? true : undefined;
    },
    15_000,
    'the truck on the list',
  );
  return { cli, base, api };
}

/** The demo truck's terminal reports its position with alarm bits (retained: a restarted node sees it). */
export async function truckReport(brokerUrl: string, alarm: number, retain = false): Promise<void> {
  const pub = await mqtt.connectAsync(brokerUrl);
  await pub.publishAsync(
    'kakou/hazmat/013800000101/location',
    JSON.stringify({ plate: '浙F3A101', lat: 30752200, lon: 120758500, speed: 500, direction: 90, alarm }),
    { qos: 1, retain },
  );
  await pub.endAsync();
}
