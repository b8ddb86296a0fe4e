import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { backtestScenario } from '../demo/backtest-scenario.js';
import { KakouError } from '../errors.js';
import { backtest, type ReplayedPassage } from '../scoring/backtest/backtest.js';
import { reportHtml } from '../scoring/backtest/report-html.js';
import { reportText } from '../scoring/backtest/report-text.js';
import { commitment } from '../scoring/draw.js';
import { loadPolicy } from '../scoring/policy.js';
import { scoreLines } from '../scoring/subject-lines.js';
import { EXIT, type CliContext, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';
import { inputLines, seedOption } from './score.js';

const SHIFT_MS = 8 * 3_600_000;

async function readOutcomes(ctx: CliContext, file: string): Promise<Map<string, boolean>> {
  const out = new Map<string, boolean>();
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
    const ok =
      typeof o === 'object' &&
      o !== null &&
      typeof (o as { passageId?: unknown }).passageId === 'string' &&
      typeof (o as { violation?: unknown }).violation === 'boolean';
    if (!ok)
      throw new KakouError(
        'KAKOU_E_SCORE_INPUT',
        `${file} line ${n} is not {"passageId": string, "violation": boolean}`,
        [`${file}:${n}`],
      );
    out.set((o as { passageId: string }).passageId, (o as { violation: boolean }).violation);
  }
  return out;
}

function generate(ctx: CliContext, count: string, dir: string | undefined): number {
  const n = Number(count);
  if (!Number.isInteger(n) || n < 1 || n > 10_000_000 || !dir)
    throw new KakouError('KAKOU_E_CLI_USAGE', '--generate needs a passage count and --out DIR');
  const out = resolve(ctx.cwd, dir);
  mkdirSync(out, { recursive: true });
  const start = Date.UTC(2026, 10, 2);
  const s = backtestScenario(n, 20261125, start);
  writeFileSync(join(out, 'passages.jsonl'), s.passages.map((p) => JSON.stringify(p)).join('\n') + '\n');
  writeFileSync(join(out, 'outcomes.jsonl'), s.outcomes.map((o) => JSON.stringify(o)).join('\n') + '\n');
  ctx.out(`${n} passages written to ${join(out, 'passages.jsonl')}, their outcomes to ${join(out, 'outcomes.jsonl')}`);
  return EXIT.ok;
}

export const backtestCommand: Command = {
  name: 'backtest',
  usage: `Usage: kakou backtest --passages FILE [--outcomes FILE] [--policy NAME|FILE] [--seed HEX] [--html FILE] [--json]
       kakou backtest --generate N --out DIR

Replays passages (kakou-subject/1 JSON Lines with passageId and at; src/scoring/README.md) under a
policy and reports the selection rate per tier and inspections per hour against the policy's
capacity. With --outcomes (JSON Lines {"passageId", "violation"}), also the hit rate of each
selection reason, the lift of targeted over the uniform control sample, the capture curve, false
negatives among passed subjects and the burden on compliant ones. --html writes the report with
its charts as one self-contained page; --json prints the figures as JSON instead of text.
--generate writes a scenario of N passages in which violations follow credit, with its outcomes.`,
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
    });
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    if (values.generate !== undefined) return generate(ctx, values.generate, values.out);
    if (!values.passages)
      throw new KakouError('KAKOU_E_CLI_USAGE', 'backtest needs --passages FILE (or --generate N --out DIR)');
    const policy = loadPolicy(values.policy ?? 'kakou-checkpoint');
    const seedHex = seedOption(values.seed);
    const lines: string[] = [];
    for await (const l of inputLines(ctx, values.passages)) lines.push(l);
    const passages: ReplayedPassage[] = [];
    let bad = 0;
    const shift = (at: number) => ({
      shiftId: new Date(Math.floor(at / SHIFT_MS) * SHIFT_MS).toISOString().slice(0, 13),
      seedHex,
    });
    for (const r of scoreLines(lines, policy, shift, ctx.clock.now())) {
      if (!r.ok) {
        bad++;
        ctx.err(JSON.stringify({ line: r.line, error: { code: 'KAKOU_E_SCORE_INPUT', problems: r.problems } }));
      } else passages.push({ passageId: r.subject.passageId ?? `line-${r.line}`, at: r.at, decision: r.decision });
    }
    const outcomes = values.outcomes ? await readOutcomes(ctx, values.outcomes) : null;
    const report = backtest(
      `${policy.name}@${policy.version}`,
      passages,
      outcomes,
      policy.capacity?.boardingsPerHour ?? null,
    );
    ctx.out(values.json ? JSON.stringify(report) : reportText(report));
    if (values.html) writeFileSync(resolve(ctx.cwd, values.html), reportHtml(report));
    if (values.seed === undefined) ctx.err(`seed ${seedHex} (commitment ${commitment(seedHex)})`);
    return bad === 0 ? EXIT.ok : EXIT.failure;
  },
};
