import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KakouError } from '../errors.js';
import { verifyDraws, type RecordedDecision } from '../scoring/verify-draws.js';
import { EXIT, type Command } from './context.js';
import { parseCommandArgs } from './parse.js';

function readDecisions(text: string): RecordedDecision[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('{') && trimmed.includes('"decisions"') && !trimmed.includes('\n{')) {
    return (JSON.parse(trimmed) as { decisions: RecordedDecision[] }).decisions;
  }
  return trimmed
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RecordedDecision);
}

export const verifyDrawsCommand: Command = {
  name: 'verify-draws',
  usage: `Usage: kakou verify-draws --seed HEX --passages FILE [--commitment HEX]

Recomputes every random draw of a shift from its revealed seed (HMAC-SHA256(seed, passage id))
and checks each recorded selection against it. FILE holds the shift's decisions: JSON Lines, or
the JSON of GET /api/v1/shifts/{id}/decisions. With --commitment, the seed must also match the
SHA-256 published when the shift started. Exit code 0 when every draw checks out, 1 otherwise.`,
  async run(ctx, args) {
    const { values } = parseCommandArgs(args, {
      seed: { type: 'string' },
      passages: { type: 'string' },
      commitment: { type: 'string' },
    });
    if (values.help) {
      ctx.out(this.usage);
      return EXIT.ok;
    }
    if (!values.seed || !/^[0-9a-fA-F]{32,128}$/.test(values.seed) || !values.passages) {
      throw new KakouError(
        'KAKOU_E_CLI_USAGE',
        'verify-draws needs --seed HEX (32 to 128 hex digits) and --passages FILE',
      );
    }
    const decisions = readDecisions(readFileSync(resolve(ctx.cwd, values.passages), 'utf8'));
    const { checked, problems } = verifyDraws(values.seed, decisions, values.commitment);
    for (const p of problems) ctx.out(`TAMPERED ${p.passageId}: ${p.problem}`);
    ctx.out(`${checked} draws checked, ${problems.length} problem(s)`);
    return problems.length === 0 ? EXIT.ok : EXIT.failure;
  },
};
