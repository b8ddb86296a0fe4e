import { join } from 'node:path';
import { expect } from 'vitest';
import { runCli } from './cli.js';

interface Compared {
  policy: { captured: number };
  oracle: { captured: number };
}

/**
 * `kakou policy compare` of the default preset and `fitted` on a generated week's passages and
 * outcomes (a folder `kakou backtest --generate --out` wrote): both policies' figures at capacity.
 */
export async function compareWithPreset(
  fitted: string,
  week: string,
  seed: string,
): Promise<{ preset: Compared; ours: Compared; moves: Record<string, number> }> {
  const compared = await runCli([
    ...['policy', 'compare', 'src/scoring/presets/kakou-checkpoint.json', fitted],
    ...['--passages', join(week, 'passages.jsonl'), '--outcomes', join(week, 'outcomes.jsonl')],
    ...['--seed', seed, '--json'],
  ]);
  expect(compared.code, compared.stderr).toBe(0);
  const r = JSON.parse(compared.stdout) as { policies: [Compared, Compared]; moves: Record<string, number> };
  return { preset: r.policies[0], ours: r.policies[1], moves: r.moves };
}
