import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KakouError } from '../errors.js';
import { atCapacity, type BudgetFigures } from '../scoring/backtest/at-capacity.js';
import { replayPassages } from '../scoring/backtest/replay.js';
import { buildDataset } from '../scoring/fit/dataset.js';
import { fitPolicy } from '../scoring/fit/fit-policy.js';
import { datasetFromRecords } from '../scoring/fit/outcome-records.js';
import { capacityTeams, loadPolicy, type Policy } from '../scoring/policy.js';
import { readOutcomes } from './backtest.js';
import { importCommand, signCommand, verifyCommand } from './policy-artifact.js';
import { EXIT, type CliContext, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';
import { inputLines, seedOption } from './score.js';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const figures = (name: string, f: BudgetFigures) =>
  `  ${name.padEnd(24)} boarded ${String(f.boarded).padStart(7)} (${pct(f.budget)})` +
  `  captured ${pct(f.captured).padStart(7)}  lift over base ${f.liftOverBase === null ? '—' : f.liftOverBase.toFixed(2)}`;

async function fit(ctx: CliContext, v: Record<string, string | boolean | undefined>): Promise<number> {
  const fromRecords = typeof v.records === 'string';
  if (typeof v.out !== 'string' || (!fromRecords && (typeof v.passages !== 'string' || typeof v.outcomes !== 'string')))
    throw new KakouError('KAKOU_E_CLI_USAGE', 'policy fit needs --passages and --outcomes, or --records; and --out');
  const lambda = v.lambda === undefined ? 1e-4 : Number(v.lambda);
  if (!(lambda >= 0 && lambda < 10)) throw new KakouError('KAKOU_E_CLI_USAGE', '--lambda: a penalty from 0 to 10');
  const base = loadPolicy(typeof v.base === 'string' ? v.base : 'kakou-checkpoint');
  const source = (fromRecords ? v.records : v.passages) as string;
  const data = fromRecords
    ? await datasetFromRecords(inputLines(ctx, source), base)
    : await buildDataset(inputLines(ctx, source), await readOutcomes(ctx, v.outcomes as string), base, ctx.clock.now());
  const policy = fitPolicy(base, data, source, lambda);
  const out = resolve(ctx.cwd, v.out);
  writeFileSync(out, `${JSON.stringify(policy, null, 2)}\n`);
  loadPolicy(out); // what is written must load as any policy does
  ctx.out(
    `${policy.name}@${policy.version}: ${data.passages} passages (${data.skipped} skipped), ` +
      `${data.train.length + data.heldOut.length} distinct factor sets; ` +
      `held-out AUC ${policy.fit?.heldOut.auc?.toFixed(3) ?? 'n/a'}; written to ${out}`,
  );
  return EXIT.ok;
}

async function compare(
  ctx: CliContext,
  files: string[],
  v: Record<string, string | boolean | undefined>,
): Promise<number> {
  if (files.length !== 2 || typeof v.passages !== 'string' || typeof v.outcomes !== 'string')
    throw new KakouError('KAKOU_E_CLI_USAGE', 'policy compare needs two policies, --passages and --outcomes');
  const policies = files.map((f) => loadPolicy(f)) as [Policy, Policy];
  const capacity = v.capacity === undefined ? undefined : Number(v.capacity);
  const outcomes = await readOutcomes(ctx, v.outcomes);
  const seedHex = seedOption(typeof v.seed === 'string' ? v.seed : undefined);
  const runs = [];
  for (const p of policies) {
    const passages = await replayPassages(inputLines(ctx, v.passages), p, seedHex, ctx.clock.now(), () => undefined);
    const teams = capacityTeams(p, capacity) ?? capacityTeams(policies[0], capacity ?? 6);
    runs.push({ p, passages, at: atCapacity(passages, outcomes, teams ?? []) });
  }
  const [a, b] = runs as [(typeof runs)[number], (typeof runs)[number]];
  const tierOf = new Map(a.passages.map((x) => [x.passageId, x.tier]));
  const moves = new Map<string, number>();
  for (const x of b.passages) {
    const before = tierOf.get(x.passageId);
    if (before !== undefined && before !== x.tier)
      moves.set(`${before} -> ${x.tier}`, (moves.get(`${before} -> ${x.tier}`) ?? 0) + 1);
  }
  const lines = [
    `At capacity ${a.at.boardingsPerHour.capacity} an hour, on ${a.passages.length} passages:`,
    figures(`${a.p.name}@${a.p.version}`, a.at.policy),
    figures(`${b.p.name}@${b.p.version}`, b.at.policy),
    figures('random', a.at.random),
    ...(a.at.oracle ? [figures('oracle', a.at.oracle)] : []),
    `  must-inspect deferred: ${a.at.mustDeferred.passages} and ${b.at.mustDeferred.passages}`,
    `Passages that change tier: ${[...moves.values()].reduce((s, n) => s + n, 0)}`,
    ...[...moves].sort((x, y) => y[1] - x[1]).map(([m, n]) => `  ${m.padEnd(30)} ${n}`),
  ];
  if (v.json)
    ctx.out(
      JSON.stringify({ policies: [a.at, b.at].map(({ hours: _h, ...r }) => r), moves: Object.fromEntries(moves) }),
    );
  else ctx.out(lines.join('\n'));
  return EXIT.ok;
}

export const policyCommand: Command = {
  name: 'policy',
  usage: `Usage: kakou policy fit (--passages FILE --outcomes FILE | --records FILE) [--base POLICY] [--lambda L] --out POLICY.json
       kakou policy compare A.json B.json --passages FILE --outcomes FILE [--capacity N] [--seed HEX] [--json]
       kakou policy sign --policy POLICY.json --key issuer.pem --serial N [--issuer NAME] --out FILE.kpol
       kakou policy verify FILE.kpol --trust <issuer public key hex>
       kakou policy import FILE.kpol [--config FILE]

fit: prices the factors from recorded outcomes (src/scoring/README.md, "Fitting"): a logistic
model with non-negative weights (points only add; worse credit never lowers a score) and an L2
penalty L (default 0.0001), fitted on four fifths of the passages and judged on the rest, mapped to
integer points; thresholds by volume from the base policy's capacity. The base policy's effects,
draws, windows and control sample are kept, and the policy names its data and the fit's quality
(held-out AUC, calibration by score band). Refuses to write one that drops an overriding factor or
the control sample. --records fits on the outcome rows the central collects from every node's
decisions and inspections (kakou central outcomes) instead of kakou-subject/1 passages.
compare: both policies at the same capacity (their own, or --capacity N): boardings, violations
captured, lift, must-inspect overflow, beside random and the oracle, and which passages change tier.
sign / verify / import: a policy as the provincial platform distributes it, signed with its
issuer key under a serial that only grows. import checks it against the node's
snapshot.trustedKeys, refuses one not newer than the one in force (KAKOU_E_POLICY_OLDER) or not
signed by a trusted key (KAKOU_E_POLICY_SIGNATURE), and writes it whole into the data folder; the
node runs it from its next start, over scoring.policy.`,
  async run(ctx, args) {
    const { values, positionals } = parseCommandArgs(
      args,
      {
        passages: { type: 'string' },
        outcomes: { type: 'string' },
        records: { type: 'string' },
        base: { type: 'string' },
        out: { type: 'string' },
        lambda: { type: 'string' },
        capacity: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'boolean' },
        policy: { type: 'string' },
        key: { type: 'string' },
        serial: { type: 'string' },
        issuer: { type: 'string' },
        trust: { type: 'string' },
        config: { type: 'string' },
      },
      true,
    );
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    const [action, ...files] = positionals;
    if (action === 'fit') return fit(ctx, values);
    if (action === 'compare') return compare(ctx, files, values);
    if (action === 'sign') return signCommand(ctx, values);
    if (action === 'verify') return verifyCommand(ctx, files[0], values);
    if (action === 'import') return importCommand(ctx, files[0], values);
    throw new KakouError(
      'KAKOU_E_CLI_USAGE',
      'kakou policy fit | compare | sign | verify | import (kakou policy --help)',
    );
  },
};
