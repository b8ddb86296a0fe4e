import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { Receiver } from '../../src/central/receiver.js';
import type { OutcomeRow } from '../../src/domain/outcome-row.js';
import { decide } from '../../src/scoring/decide.js';
import { loadPolicy, type Policy } from '../../src/scoring/policy.js';
import { subjectToInput, type SubjectLine } from '../../src/scoring/subject-input.js';
import { SqliteCentralStore } from '../../src/storage/central-sqlite.js';
import { TestChain } from '../support/chain.js';
import { runCli } from '../support/cli.js';
import { compareWithPreset } from '../support/policy-compare.js';
import { golden } from '../support/payloads.js';

/**
 * The province's refit loop: a node decides a generated week of passages and boards the ones it
 * selects; its decisions and inspection records reach the central; `kakou central outcomes`
 * joins them; `kakou policy fit --records` prices the factors from them alone; on the next week
 * the refitted policy boards close to the oracle, as one fitted on the full passages does.
 */
const SEED = '7a'.repeat(32);
const dir = mkdtempSync(join(tmpdir(), 'kakou-refit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const week = (k: number) => join(dir, `week-${k}`);
const lines = <T>(file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

/** What a node running `policy` sends upstream for a week: every decision, and an inspection of each passage it selected. */
async function nodeSends(store: SqliteCentralStore, policy: Policy, k: number): Promise<number> {
  const clock = new ManualClock(Date.parse('2026-11-25T02:00:00Z'));
  const receiver = new Receiver(store, clock, pino({ level: 'silent' }), { trustOnFirstUse: true });
  const chain = new TestChain('refit-node', '3c'.repeat(32));
  await receiver.register({ nodeId: chain.nodeId, publicKey: chain.publicRaw, name: 'refit node' });
  const outcome = new Map(
    lines<{ passageId: string; violation: boolean }>(join(week(k), 'outcomes.jsonl')).map((o) => [o.passageId, o]),
  );
  let inspected = 0;
  let sent = 0;
  const flush = async () => {
    const batch = chain.records.slice(sent);
    if (batch.length === 0) return;
    expect((await receiver.receive(chain.signed(batch, sent + 1))).rejected).toEqual([]);
    sent = chain.records.length;
  };
  for (const line of lines<SubjectLine>(join(week(k), 'passages.jsonl'))) {
    const passageId = line.passageId as string;
    const input = subjectToInput(line, Date.parse(line.at as string));
    const d = decide(input, policy, { passageId, seedHex: SEED });
    const at = line.at as string;
    const createdAtMs = Date.parse(at);
    chain.add({
      kind: 'decision',
      id: passageId,
      lane: 1,
      createdAtMs,
      payload: {
        ...golden('decision'),
        nodeId: chain.nodeId,
        passageId,
        targetId: input.id,
        kind: line.kind,
        name: input.id,
        policyVersion: `${policy.name}@${policy.version}`,
        score: d.score,
        tier: d.tier,
        selection: d.selection,
        factors: d.reasons,
        ...(d.unpriced && d.unpriced.length > 0 && { unpriced: d.unpriced }),
        draw: d.draw,
        decidedAt: at,
      },
    });
    if (d.tier !== 'pass') {
      const violation = outcome.get(passageId)?.violation === true;
      chain.add({
        kind: 'inspection',
        id: `i-${++inspected}`,
        createdAtMs: createdAtMs + 600_000,
        payload: golden('inspection', {
          id: `i-${inspected}`,
          nodeId: chain.nodeId,
          targetId: input.id,
          targetKind: line.kind,
          targetName: input.id,
          passageId,
          result: violation ? 'defects-found' : 'no-defects',
          action: violation ? 'correction-order' : 'release',
          defects: violation ? [{ code: 'H-DOC-01' }] : [],
          tierAtDecision: d.tier,
          scoreAtDecision: d.score,
          calledAt: at,
          startedAt: new Date(createdAtMs + 60_000).toISOString(),
          finishedAt: new Date(createdAtMs + 600_000).toISOString(),
          createdAt: new Date(createdAtMs + 600_000).toISOString(),
        }),
      });
    }
    if (chain.records.length - sent >= 2_000) await flush();
  }
  await flush();
  return inspected;
}

describe('refitting a policy from what the central collected', () => {
  it('fits on the inspected passages every node reported, and boards the next week close to the oracle', async () => {
    for (const k of [0, 1])
      expect((await runCli(['backtest', '--generate', '20160', '--week', String(k), '--out', week(k)])).code).toBe(0);
    const centralDir = join(dir, 'central');
    const store = new SqliteCentralStore(join(centralDir, 'central.db'), pino({ level: 'silent' }));
    await store.init();
    const inspected = await nodeSends(store, loadPolicy('kakou-checkpoint'), 0);
    await store.close();
    expect(inspected).toBeGreaterThan(1_000);

    const rowsFile = join(dir, 'outcomes.jsonl');
    const exported = await runCli(['central', 'outcomes', '--data-dir', centralDir, '--out', rowsFile]);
    expect(exported.code, exported.stderr).toBe(0);
    const rows = lines<OutcomeRow>(rowsFile);
    expect(rows.length).toBe(inspected);
    // Every row carries what the node found, the unpriced factors included.
    expect(rows.every((r) => r.format === 'kakou-outcome/1' && r.passageId.startsWith('refit-node/'))).toBe(true);
    expect(rows.some((r) => r.findings.includes('NO_INSPECTION_36M') || r.findings.includes('CREDIT_GRADE_A'))).toBe(
      true,
    );

    const fitted = join(dir, 'refitted.json');
    const fit = await runCli(['policy', 'fit', '--records', rowsFile, '--out', fitted]);
    expect(fit.code, fit.stderr).toBe(0);
    const policy = JSON.parse(readFileSync(fitted, 'utf8')) as Policy;
    expect(policy.fit?.count).toBe(inspected);
    expect(policy.factors.LIST_BLACK?.effect).toBe('overriding');

    const { preset, ours } = await compareWithPreset(fitted, week(1), SEED);
    expect(ours.policy.captured).toBeGreaterThanOrEqual(preset.policy.captured * 0.98);
    expect(ours.policy.captured / ours.oracle.captured).toBeGreaterThan(0.9);
  }, 240_000);
});
