import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, test } from 'vitest';
import { JOB_TIMEOUT_MS, ONCE } from './once.js';
import { startBroker } from '../support/broker.js';
import { unitEnvironment, unitExecStart } from '../support/deploy-unit.js';

/**
 * The whole node under device traffic, as processes: Mosquitto, a Kakou node (dist/, instrumented
 * from outside), a bare MQTT.js subscriber on the same topics as the baseline, and a publisher.
 * 1. 5,000 messages/s of mixed AIS and hazmat telemetry for E2E_SECONDS (default 20) after a 5 s
 *    warm-up in which every target first appears: what each receives, publish-to-target-list latency p50/p99 of the truck reports, event-loop delay.
 * 2. A flood (E2E_FLOOD messages, default 300,000) as fast as the broker delivers: each one's rate, and the ratio.
 * 3. E2E_TRACKS distinct vessels (default 50,000): peak RSS of the node holding them all live.
 * 4. At the subscriber's own pace: the flood's messages from a feed that writes them as fast as
 *    each subscriber reads (paced-feed.mjs), to a fresh bare subscriber, then in turns to fresh
 *    nodes decoding on their main thread and on a worker thread (E2E_PACE_RUNS pairs, default 3),
 *    each alone: what each can take when no broker holds it back.
 */
const dir = join(import.meta.dirname, 'e2e');
interface Child {
  proc: ChildProcess;
  ready: Record<string, unknown>;
  ask(cmd: string): Promise<Record<string, unknown>>;
}

async function child(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  args: string[] = [],
): Promise<Child> {
  const proc = spawn(process.execPath, [...nodeArgs, join(dir, script), ...args], {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  const waiting: Array<{ resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }> = [];
  lines.on('line', (l) => {
    const v = JSON.parse(l) as Record<string, unknown>;
    // A log line of the node (a warning about a rejected message) is not an answer.
    if (typeof v.level === 'number' && typeof v.msg === 'string') return;
    waiting.shift()?.resolve(v);
  });
  // A child that dies fails the bench with its exit, instead of leaving it waiting for an answer.
  proc.once('exit', (code, signal) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`${script} exited (${code ?? signal}) before answering`));
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      if (proc.exitCode !== null || proc.signalCode !== null) reject(new Error(`${script} has exited`));
      else waiting.push({ resolve, reject });
    });
  const ready = await next();
  return {
    proc,
    ready,
    ask: (cmd) => {
      const p = next();
      proc.stdin?.write(`${cmd}\n`);
      return p;
    },
  };
}

/** Messages per second one subscriber (a child script) takes from a paced feed of `count` messages, alone. */
async function ownPace(
  script: string,
  count: number,
  nodeArgs: string[] = [],
  env: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const feed = await child('paced-feed.mjs', {}, [], [String(count)]);
  const sub = await child(script, { ...env, BROKER_URL: `mqtt://127.0.0.1:${String(feed.ready.port)}` }, nodeArgs);
  try {
    return await settled(sub);
  } finally {
    await sub.ask('stop').catch(() => undefined);
    feed.proc.kill();
  }
}

function publish(url: string, ...args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [join(dir, 'publisher.mjs'), ...args], {
      env: { ...process.env, BROKER_URL: url },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
    });
    p.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) as string) as Record<string, unknown>)
        : reject(new Error(`publisher exited ${code}`)),
    );
  });
}

/** Polls until the count stops growing: everything the broker had for this client has arrived. */
async function settled(c: Child): Promise<Record<string, unknown>> {
  let last = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const r = await c.ask('report');
    if (r.messages === last) return r;
    last = r.messages as number;
  }
}

const mib = (b: unknown) => `${Math.round((b as number) / 1048576)} MiB`;

describe('end to end through Mosquitto', () => {
  test(
    'rate, flood and 50,000 tracks',
    async ({ bench }) => {
      await bench('rate, flood and 50,000 tracks', async () => {
        const broker = await startBroker();
        const env = { BROKER_URL: broker.url };
        // The node runs with the Node flags of the shipped systemd unit; E2E_NODE_ARGS replaces them (to compare settings).
        const nodeArgs =
          process.env.E2E_NODE_ARGS === undefined
            ? unitExecStart().nodeFlags
            : process.env.E2E_NODE_ARGS.split(' ').filter(Boolean);
        // And with the unit's malloc settings, unless the environment sets them (MALLOC_ARENA_MAX= for glibc's default).
        const mallocEnv = Object.fromEntries(
          Object.entries(unitEnvironment()).filter(([k]) => k.startsWith('MALLOC_') && process.env[k] === undefined),
        );
        const node = await child('node-harness.mjs', { ...mallocEnv, ...env }, nodeArgs);
        const bare = await child('bare-subscriber.mjs', env);
        let running = true;
        const stopBoth = async () => {
          if (running)
            await Promise.all([node.ask('stop').catch(() => undefined), bare.ask('stop').catch(() => undefined)]);
          running = false;
        };
        const out: string[] = [
          `node flags: ${nodeArgs.join(' ') || '(none)'}; ${
            Object.entries({ ...process.env, ...mallocEnv })
              .filter(([k, v]) => k.startsWith('MALLOC_') && v)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ') || 'glibc malloc defaults'
          }`,
        ];
        try {
          const seconds = Number(process.env.E2E_SECONDS ?? 20);
          // The first 5 s bring every vessel and truck on the list for the first time: a warm-up, not the steady state measured.
          const sending = publish(broker.url, 'rate', '5000', String(seconds + 5));
          await new Promise((r) => setTimeout(r, 5000));
          await Promise.all([node.ask('reset'), bare.ask('reset')]);
          const sent = await sending;
          const [n1, b1] = [await settled(node), await settled(bare)];
          const lat = n1.latencyMs as Record<string, number>;
          const arr = n1.arrivalMs as Record<string, number>;
          const eld = n1.eventLoopMs as Record<string, number>;
          const dw = n1.decisionWritesMs as Record<string, number>;
          out.push(
            `broker messages decoded on the ${String(n1.thread)} thread`,
            `5,000 msg/s for ${seconds} s after a 5 s warm-up (${sent.published} published in all): bare subscriber received ${b1.messages}, Kakou ingested ${n1.messages} (ratio ${((n1.messages as number) / (b1.messages as number)).toFixed(3)})`,
            `  publish to target list, ${lat.n} truck reports: p50 ${lat.p50} ms, p99 ${lat.p99} ms, max ${lat.max} ms (target p99 at most 50 ms)`,
            `    of which publish to track store (broker, decoding, hand-over): p50 ${arr.p50} ms, p99 ${arr.p99} ms, max ${arr.max} ms`,
            `  event-loop delay: p50 ${eld.p50?.toFixed(1)} ms, p99 ${eld.p99?.toFixed(1)} ms, max ${eld.max?.toFixed(1)} ms; ${n1.targets} targets, ${n1.decisions} records queued upstream`,
            `  decision writes (one transaction each, on the main thread): ${dw.n}, p50 ${dw.p50?.toFixed(1)} ms, max ${dw.max?.toFixed(1)} ms`,
          );

          const flood = Number(process.env.E2E_FLOOD ?? 300_000);
          await Promise.all([node.ask('reset'), bare.ask('reset')]);
          const before = await node.ask('report');
          const [n1cpu, n1main, b1cpu] = [
            before.cpuS as number,
            before.mainCpuS as number,
            (await bare.ask('report')).cpuS as number,
          ];
          await publish(broker.url, 'flood', String(flood));
          const [n2, b2] = [await settled(node), await settled(bare)];
          const rate = (r: Record<string, unknown>) => (r.messages as number) / (r.seconds as number);
          out.push(
            `flood of ${flood}: bare subscriber ${b2.messages} at ${Math.round(rate(b2))}/s, Kakou ${n2.messages} at ${Math.round(rate(n2))}/s: ratio ${(rate(n2) / rate(b2)).toFixed(2)} (target at least 0.8)`,
          );
          // Where the broker, not the subscribers, sets the pace, the ratio above is 1 whatever each costs:
          // CPU per message says what each could take if neither the broker nor the machine held it back.
          const usPerMessage = (r: Record<string, unknown>, before: number, key = 'cpuS') =>
            (((r[key] as number) - before) / (r.messages as number)) * 1e6;
          const [nUs, nMainUs, bUs] = [
            usPerMessage(n2, n1cpu),
            usPerMessage(n2, n1main, 'mainCpuS'),
            usPerMessage(b2, b1cpu),
          ];
          out.push(
            `  CPU per message in the flood (all threads): bare subscriber ${bUs.toFixed(1)} us, Kakou ${nUs.toFixed(1)} us: capacity ratio ${(bUs / nUs).toFixed(2)}`,
            `  Kakou's main thread alone: ${nMainUs.toFixed(1)} us per message (${Math.round(1e6 / nMainUs)} msg/s if it had a core to itself)`,
          );

          const tracks = Number(process.env.E2E_TRACKS ?? 50_000);
          await publish(broker.url, 'tracks', String(tracks));
          let n3 = await node.ask('report');
          for (let k = 0; k < 60 && (n3.tracks as number) < tracks; k++) {
            await new Promise((r) => setTimeout(r, 1000));
            n3 = await node.ask('report');
          }
          out.push(
            `${n3.tracks} live tracks: RSS ${mib(n3.rss)}, peak RSS over the whole run ${mib(n3.peakRss)} (target at most 300 MiB); bare subscriber RSS ${mib(b2.rss)}`,
            `  node heap ${mib(n3.heapUsed)} used of ${mib(n3.heapTotal)}, external ${mib(n3.external)}; node CPU over the whole run ${(n3.cpuS as number).toFixed(1)} s`,
          );
          await stopBoth();

          const b4 = await ownPace('bare-subscriber.mjs', flood);
          out.push(
            `at the subscriber's own pace, ${flood} messages to each alone: bare subscriber ${b4.messages} at ${Math.round(rate(b4))}/s`,
          );
          // Own pace is noisy on a small shared machine: E2E_PACE_RUNS pairs, taken in turns, and their median.
          const pairs = Number(process.env.E2E_PACE_RUNS ?? 3);
          const paces: Record<string, number[]> = { main: [], worker: [] };
          for (let k = 0; k < pairs; k++) {
            for (const thread of ['main', 'worker'] as const) {
              const n4 = await ownPace('node-harness.mjs', flood, nodeArgs, {
                ...mallocEnv,
                E2E_DECODE_THREAD: thread,
              });
              if (n4.messages !== flood || n4.thread !== thread)
                throw new Error(`own pace run (${thread}): ${JSON.stringify(n4)}`);
              paces[thread]?.push(rate(n4));
            }
          }
          const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
          for (const thread of ['main', 'worker'] as const) {
            const xs = paces[thread] as number[];
            // Against the broker's pace to the bare subscriber in the flood: the share of what this broker delivers that the node could take.
            out.push(
              `  Kakou decoding on the ${thread} thread: median ${Math.round(median(xs))}/s of ${xs.map(Math.round).join(', ')}; ratio ${(median(xs) / rate(b4)).toFixed(2)}; ` +
                `${(median(xs) / rate(b2)).toFixed(2)}x the broker's pace to the bare subscriber in the flood`,
            );
          }
          out.push(
            `  the decode thread against the main thread, run by run: ${paces.worker?.map((w, k) => (w / (paces.main?.[k] as number)).toFixed(2)).join(', ')}`,
          );
          process.stdout.write(`\n${out.join('\n')}\n`);
        } finally {
          await stopBoth();
          await broker.stop();
        }
      }).run(ONCE);
    },
    JOB_TIMEOUT_MS,
  );
});
