import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { KakouError } from '../errors.js';
import { LineSplitter } from '../ingest/line-splitter.js';
import { AisDecoder } from '../normalize/ais/ais-decoder.js';
import { countingSink, emptyStats, statsSummary } from '../normalize/ais/decode-stats.js';
import { JsonBytes } from '../normalize/ais/json-bytes.js';
import { writeAisJson } from '../normalize/ais/json-direct.js';
import { aisToJson, tagAddsFields } from '../normalize/ais/json.js';
import { EXIT, type CliContext, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

async function decode(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { stats: { type: 'boolean' } }, true);
  if (values.help) {
    ctx.out(aisCommand.usage);
    return EXIT.ok;
  }
  if (positionals.length > 1)
    throw new KakouError('KAKOU_E_CLI_USAGE', 'ais decode takes at most one FILE (or - for standard input)');
  const file = positionals[0] ?? '-';
  const input = file === '-' ? ctx.stdin : createReadStream(resolve(ctx.cwd, file), { highWaterMark: 1 << 16 });
  // A filter whose allocations all die young: the young generation held at its starting size
  // (V8 would grow it under this allocation rate) costs no time here and keeps the process small.
  setFlagsFromString('--semi-space-growth-factor=1');
  const stats = emptyStats();
  const decoder = new AisDecoder();
  const lines = new LineSplitter();
  let blocked = false;
  const json = new JsonBytes((chunk, done) => {
    if (!ctx.stdout.write(chunk, () => done())) blocked = true;
  });
  const sink = countingSink(
    stats,
    (m, tag) => json.line(aisToJson(m, tag)),
    (b, tag) => !tagAddsFields(tag) && writeAisJson(json, b),
  );
  const onLine = (text: string, start: number, end: number) => {
    stats.lines++;
    stats.sentences += decoder.feedRange(text, start, end, file, 0, sink);
  };
  const flush = async () => {
    json.flush();
    // Wait for the pipe to drain before reading on: memory stays flat whatever the file's size.
    if (blocked) await new Promise<void>((r) => ctx.stdout.once('drain', () => r()));
    blocked = false;
  };
  try {
    for await (const chunk of input) {
      lines.scan(typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('latin1'), onLine);
      if (blocked) await flush();
    }
  } catch (err) {
    throw new KakouError('KAKOU_E_CLI_USAGE', `cannot read ${file}`, [
      `${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    ]);
  }
  lines.endScan(onLine);
  await flush();
  stats.overlongLines = lines.overlong;
  stats.groupsDropped = decoder.droppedGroups;
  stats.groupsPending = decoder.pendingGroups;
  if (values.stats) ctx.err(JSON.stringify(statsSummary(stats)));
  return EXIT.ok;
}

export const aisCommand: Command = {
  name: 'ais',
  usage: `Usage: kakou ais decode [FILE|-] [--stats]
       kakou ais replay FILE --url URL [--topic TOPIC] [--speed N|--max]

decode   Decodes NMEA 0183 AIS (AIVDM/AIVDO, with or without IEC 62320 tag blocks) from FILE or
         standard input and writes one JSON object per message to standard output (JSON Lines,
         gpsd's field names, scaled units, null for "not available"). With --stats, a summary
         goes to standard error: lines, sentences, messages by type, rejects by reason code.
replay   Publishes a capture to a node's MQTT broker, one sentence per message, paced by the
         tag-block times where present (else 10 sentences a second), N times faster with
         --speed N, or as fast as the broker takes them with --max.`,
  async run(ctx, args) {
    const [sub, ...rest] = args;
    if (sub === 'decode') return decode(ctx, rest);
    if (sub === 'replay') return (await import('./ais-replay.js')).replay(ctx, rest, this.usage);
    if (sub === '--help' || sub === '-h' || sub === undefined) {
      ctx.out(this.usage);
      return sub ? EXIT.ok : EXIT.usage;
    }
    throw new KakouError('KAKOU_E_CLI_USAGE', `unknown ais subcommand "${sub}"`);
  },
};
