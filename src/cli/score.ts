import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { KakouError } from '../errors.js';
import { commitment } from '../scoring/draw.js';
import { loadPolicy } from '../scoring/policy.js';
import { scoreLines } from '../scoring/subject-lines.js';
import { EXIT, type CliContext, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

/** Lines of a file or of standard input, read as they come. */
export async function* inputLines(ctx: CliContext, file: string): AsyncGenerator<string> {
  const stream = file === '-' ? ctx.stdin : createReadStream(resolve(ctx.cwd, file), 'utf8');
  try {
    yield* createInterface({ input: stream, crlfDelay: Infinity });
  } catch (err) {
    throw new KakouError('KAKOU_E_CLI_USAGE', `cannot read ${file}`, [
      `${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    ]);
  }
}

export function seedOption(seed: string | undefined): string {
  if (seed === undefined) return randomBytes(32).toString('hex');
  if (!/^[0-9a-fA-F]{32,128}$/.test(seed))
    throw new KakouError('KAKOU_E_CLI_USAGE', '--seed must be 32 to 128 hex digits');
  return seed.toLowerCase();
}

export const scoreCommand: Command = {
  name: 'score',
  usage: `Usage: kakou score [--policy NAME|FILE] [--input FILE|-] [--seed HEX] [--shift ID]

Scores subjects described in kakou-subject/1 JSON Lines (src/scoring/README.md: identity, snapshot
facts, live signals, last inspection) under a targeting policy (default kakou-checkpoint) and
prints one decision per line: score, tier, selection and every reason with its points. Random
draws use HMAC-SHA256(seed, passage id) as on the node; without --seed a fresh seed is drawn and
printed to standard error with its commitment, so the draws can be verified afterwards. A line
that is not valid prints its problems under "error" (code KAKOU_E_SCORE_INPUT); the others are
still scored, and the exit code is then 1.`,
  async run(ctx, args) {
    const { values } = parseCommandArgs(args, {
      policy: { type: 'string' },
      input: { type: 'string' },
      seed: { type: 'string' },
      shift: { type: 'string' },
    });
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    const policy = loadPolicy(values.policy ?? 'kakou-checkpoint');
    const seedHex = seedOption(values.seed);
    const shift = { shiftId: values.shift ?? 'score', seedHex };
    let bad = 0;
    const lines: string[] = [];
    for await (const l of inputLines(ctx, values.input ?? '-')) lines.push(l);
    for (const r of scoreLines(lines, policy, () => shift, ctx.clock.now())) {
      if (!r.ok) {
        bad++;
        ctx.out(JSON.stringify({ line: r.line, error: { code: 'KAKOU_E_SCORE_INPUT', problems: r.problems } }));
        continue;
      }
      const d = r.decision;
      ctx.out(
        JSON.stringify({
          line: r.line,
          id: r.id,
          // The draw unit, as kakou verify-draws checks it; an input's own passage id is kept beside it.
          passageId: d.draw?.passageId ?? r.id,
          ...(r.subject.passageId && { inputPassageId: r.subject.passageId }),
          at: new Date(r.at).toISOString(),
          policy: `${policy.name}@${policy.version}`,
          score: d.score,
          tier: d.tier,
          selection: d.selection,
          reasons: d.reasons,
          draw: d.draw,
        }),
      );
    }
    if (values.seed === undefined) ctx.err(`seed ${seedHex} (commitment ${commitment(seedHex)})`);
    return bad === 0 ? EXIT.ok : EXIT.failure;
  },
};
