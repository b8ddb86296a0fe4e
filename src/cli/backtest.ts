import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { scenarioPassages } from '../demo/backtest-scenario.js';
import { KakouError } from '../errors.js';
import { backtest, type Outcome } from '../scoring/backtest/backtest.js';
import { replayPassages } from '../scoring/backtest/replay.js';
import { reportHtml } from '../scoring/backtest/report-html.js';
import { reportText } from '../scoring/backtest/report-text.js';
import { commitment } from '../scoring/draw.js';
import { capacityTeams, loadPolicy } from '../scoring/policy.js';
import { EXIT, type CliContext, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';
import { inputLines, seedOption } from './score.js';

export async function readOutcomes(ctx: CliContext, file: string): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  let n = 0;
  for await (const line of inputLines(ctx, file)) {
    n++;
    if (line.trim() === '') continue;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      o = null;
    }
    const row = o as { passageId?: unknown; violation?: unknown; probability?: unknown } | null;
    const probability = row?.probability;
    const ok =
      typeof row === 'object' &&
      row !== null &&
      typeof row.passageId === 'string' &&
      typeof row.violation === 'boolean' &&
      (probability === undefined || (typeof probability === 'number' && probability >= 0 && probability <= 1));
    if (!ok)
      throw new KakouError(
        'KAKOU_E_SCORE_INPUT',
        `${file} line ${n} is not {"passageId": string, "violation": boolean, "probability"?: 0-1}`,
        [`${file}:${n}`],
      );
    out.set((row as { passageId: string }).passageId, {
      violation: (row as { violation: boolean }).violation,
      probability: typeof probability === 'number' ? probability : null,
    });
  }
  return out;
}

function generate(
  ctx: CliContext,
  count: string,
  o: { out?: string; perHour?: string; scenarioSeed?: string; week?: string },
): number {
  const n = Number(count);
  const perHour = Number(o.perHour ?? 120);
  const seed = Number(o.scenarioSeed ?? 20261125);
  const week = Number(o.week ?? 0);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000 || !o.out)
    throw new KakouError('KAKOU_E_CLI_USAGE', '--generate needs a passage count and --out DIR');
  if (!(perHour > 0 && perHour <= 10_000) || !Number.isInteger(seed) || !(Number.isInteger(week) && week >= 0))
    throw new KakouError('KAKOU_E_CLI_USAGE', '--per-hour 1-10000, --scenario-seed an integer, --week 0 or more');
  const out = resolve(ctx.cwd, o.out);
  mkdirSync(out, { recursive: true });
  // Another week of the same scenario: the same register of subjects, later passages, other draws.
  const start = Date.UTC(2026, 10, 2) + week * 7 * 86_400_000;
  const files = [openSync(join(out, 'passages.jsonl'), 'w'), openSync(join(out, 'outcomes.jsonl'), 'w')] as const;
  const chunks: [string[], string[]] = [[], []];
  const flush = () => {
    chunks.forEach((c, i) => {
      if (c.length) writeSync(files[i] as number, `${c.join('\n')}\n`);
      c.length = 0;
    });
  };
  for (const p of scenarioPassages({ passages: n, seed: seed + week, populationSeed: seed, start, perHour })) {
    chunks[0].push(JSON.stringify(p.line));
    chunks[1].push(JSON.stringify(p.outcome));
    if (chunks[0].length === 10_000) flush();
  }
  flush();
  for (const f of files) closeSync(f);
  ctx.out(`${n} passages written to ${join(out, 'passages.jsonl')}, their outcomes to ${join(out, 'outcomes.jsonl')}`);
  return EXIT.ok;
}

export const backtestCommand: Command = {
  name: 'backtest',
  usage: `Usage: kakou backtest --passages FILE [--outcomes FILE] [--policy NAME|FILE] [--capacity N] [--seed HEX] [--html FILE] [--json]
       kakou backtest --generate N --out DIR [--per-hour R] [--scenario-seed S] [--week K]

Replays passages (kakou-subject/1 JSON Lines with passageId and at; src/scoring/README.md) under a
policy and reports the selection rate per tier and inspections per hour against the policy's
capacity. With --outcomes (JSON Lines {"passageId", "violation"}), also the hit rate of each
selection reason, the lift of targeted over the uniform control sample, the capture curve, false
negatives among passed subjects and the burden on compliant ones. --html writes the report with
its charts as one self-contained page; --json prints the figures as JSON instead of text.

Passages are replayed in time order; score thresholds set by volume (thresholds.mustInspectPerHour)
follow the traffic before each passage. With outcomes and a capacity (the policy's teams, or
--capacity N boardings an hour for one team), the teams' boardings are simulated hour by hour:
boardings, violations found, lift over the control sample with its 95 % interval, must-inspect
overflow and the burden on the compliant, beside a uniform random choice and, when the outcomes
carry true probabilities, the oracle at the same budget.

--generate writes a scenario of N passages (R an hour on average, 120 by default, following the
day's traffic) from a register of vessels and hazmat tankers whose credit, history, documents and
faults go together, with each passage's outcome and true probability. --week K writes week K of
the same scenario: the same register, later passages.`,
  async run(ctx, args) {
    const { values } = parseCommandArgs(args, {
      passages: { type: 'string' },
      outcomes: { type: 'string' },
      policy: { type: 'string' },
      seed: { type: 'string' },
      html: { type: 'string' },
      json: { type: 'boolean' },
      generate: { type: 'string' },
      out: { type: 'string' },
      capacity: { type: 'string' },
      'per-hour': { type: 'string' },
      'scenario-seed': { type: 'string' },
      week: { type: 'string' },
    });
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    if (values.generate !== undefined)
      return generate(ctx, values.generate, {
        ...(values.out && { out: values.out }),
        ...(values['per-hour'] && { perHour: values['per-hour'] }),
        ...(values['scenario-seed'] && { scenarioSeed: values['scenario-seed'] }),
        ...(values.week && { week: values.week }),
      });
    if (!values.passages)
      throw new KakouError('KAKOU_E_CLI_USAGE', 'backtest needs --passages FILE (or --generate N --out DIR)');
    const policy = loadPolicy(values.policy ?? 'kakou-checkpoint');
    const capacity = values.capacity === undefined ? undefined : Number(values.capacity);
    if (capacity !== undefined && !(Number.isInteger(capacity) && capacity >= 1))
      throw new KakouError('KAKOU_E_CLI_USAGE', '--capacity: boardings an hour, 1 or more');
    const seedHex = seedOption(values.seed);
    let bad = 0;
    const passages = await replayPassages(
      inputLines(ctx, values.passages),
      policy,
      seedHex,
      ctx.clock.now(),
      (line, problems) => {
        bad++;
        ctx.err(JSON.stringify({ line, error: { code: 'KAKOU_E_SCORE_INPUT', problems } }));
      },
    );
    const outcomes = values.outcomes ? await readOutcomes(ctx, values.outcomes) : null;
    const report = backtest(`${policy.name}@${policy.version}`, passages, outcomes, capacityTeams(policy, capacity));
    ctx.out(values.json ? JSON.stringify(report) : reportText(report));
    if (values.html) writeFileSync(resolve(ctx.cwd, values.html), reportHtml(report));
    if (values.seed === undefined) ctx.err(`seed ${seedHex} (commitment ${commitment(seedHex)})`);
    return bad === 0 ? EXIT.ok : EXIT.failure;
  },
};
