import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { connectAsync } from 'mqtt';
import { sleep } from '../clock.js';
import { KakouError } from '../errors.js';
import { LineSplitter } from '../ingest/line-splitter.js';
import { parseTagBlock } from '../normalize/nmea/tag-block.js';
import { EXIT, type CliContext } from './context.js';
import { parseCommandArgs } from './parse.js';

const UNTIMED_GAP_MS = 100;

/** The tag-block time of a line, if it has one. */
function lineTime(line: string): number | null {
  if (!line.startsWith('\\')) return null;
  const end = line.indexOf('\\', 1);
  return end > 0 ? (parseTagBlock(line.slice(1, end))?.timeMs ?? null) : null;
}

/**
 * `kakou ais replay`: a capture fed to a node's broker as its AIS gateway would, keeping the
 * capture's own rhythm (tag-block times) so that track ageing and "went dark" behave as they did.
 */
export async function replay(ctx: CliContext, args: string[], usage: string): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    args,
    {
      url: { type: 'string' },
      topic: { type: 'string' },
      speed: { type: 'string' },
      max: { type: 'boolean' },
      username: { type: 'string' },
      qos: { type: 'string' },
    },
    true,
  );
  if (values.help) {
    ctx.out(usage);
    return EXIT.ok;
  }
  const file = positionals[0];
  const speed = values.speed === undefined ? 1 : Number(values.speed);
  const qos = values.qos === undefined ? 1 : Number(values.qos);
  if (!file || positionals.length > 1 || !values.url)
    throw new KakouError('KAKOU_E_CLI_USAGE', 'ais replay needs FILE and --url mqtt://HOST:PORT');
  if (!(speed > 0) || !Number.isFinite(speed))
    throw new KakouError('KAKOU_E_CLI_USAGE', `--speed must be a positive number, got ${values.speed}`);
  if (qos !== 0 && qos !== 1) throw new KakouError('KAKOU_E_CLI_USAGE', '--qos must be 0 or 1');
  const topic = values.topic ?? 'kakou/ais/replay/nmea';
  // The password, like every secret, comes from the environment, never from the command line.
  const client = await connectAsync(values.url, {
    username: values.username,
    password: ctx.env.MQTT_PASSWORD,
    reconnectPeriod: 0,
    connectTimeout: 10_000,
  }).catch((err: Error) => {
    throw new KakouError('KAKOU_E_CLI_USAGE', `cannot connect to ${values.url}: ${err.message}`);
  });
  const started = ctx.clock.now();
  let firstTime: number | null = null;
  let untimed = 0;
  let published = 0;
  const splitter = new LineSplitter();
  const pending: string[] = [];
  try {
    for await (const chunk of createReadStream(resolve(ctx.cwd, file), { highWaterMark: 1 << 16 })) {
      splitter.push((chunk as Buffer).toString('latin1'), (l) => pending.push(l));
      while (pending.length > 0) {
        const line = pending.shift() as string;
        if (!values.max) {
          const t = lineTime(line);
          if (t !== null) firstTime ??= t;
          const dueMs =
            t !== null && firstTime !== null ? (t - firstTime) / speed : (untimed++ * UNTIMED_GAP_MS) / speed;
          const wait = started + dueMs - ctx.clock.now();
          if (wait > 0) await sleep(ctx.clock, wait);
        }
        await client.publishAsync(topic, line, { qos });
        published++;
      }
    }
    splitter.end((l) => pending.push(l));
    for (const line of pending) {
      await client.publishAsync(topic, line, { qos });
      published++;
    }
  } finally {
    await client.endAsync();
  }
  ctx.err(JSON.stringify({ published, topic, seconds: (ctx.clock.now() - started) / 1000 }));
  return EXIT.ok;
}
