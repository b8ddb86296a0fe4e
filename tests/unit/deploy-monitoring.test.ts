import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createMetrics } from '../../src/metrics/metrics.js';

/**
 * The monitoring shipped in deploy/ works as shipped: promtool accepts the alert rules and their
 * unit tests pass (each alert fires on what should raise it), and every metric an alert or a
 * dashboard panel queries is one the node exports.
 */
const DEPLOY = join(import.meta.dirname, '..', '..', 'deploy');
const hasPromtool = spawnSync('promtool', ['--version']).status === 0;

function requirePromtool(ctx: { skip(): void }): void {
  if (hasPromtool) return;
  if (process.env.CI)
    throw new Error('CI must check the alert rules and promtool is missing (apt-get install prometheus)');
  ctx.skip();
}

/** Histogram and summary series carry suffixes the registry names without. */
const SUFFIXES = /_(bucket|count|sum)$/;
const STANDARD = new Set(['up']);

async function exportedNames(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const m of await createMetrics().registry.getMetricsAsJSON()) names.add(m.name);
  return names;
}

/** The metric names a PromQL expression reads (identifiers followed by a selector or an operator, not functions). */
function metricsIn(expr: string): string[] {
  const withoutLabels = expr.replace(/\{[^}]*\}/g, '{}').replace(/\[[^\]]*\]/g, '');
  const found = withoutLabels.match(/\b(kakou|nodejs|process|up)[a-z0-9_]*/g) ?? [];
  return [...new Set(found)].filter((n) => !/^(by|without|on|ignoring)$/.test(n));
}

function unknown(exprs: string[], exported: Set<string>): string[] {
  return exprs
    .flatMap(metricsIn)
    .filter((n) => !STANDARD.has(n) && !exported.has(n) && !exported.has(n.replace(SUFFIXES, '')));
}

describe('deploy/ monitoring', () => {
  it('promtool accepts the alert rules and their unit tests pass', (ctx) => {
    requirePromtool(ctx);
    const dir = join(DEPLOY, 'prometheus');
    const check = spawnSync('promtool', ['check', 'rules', 'kakou-alerts.yml'], { cwd: dir, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const test = spawnSync('promtool', ['test', 'rules', 'kakou-alerts.test.yml'], { cwd: dir, encoding: 'utf8' });
    expect(test.status, test.stdout + test.stderr).toBe(0);
  });

  it('alerts on what the issue names, each reading metrics the node exports', async () => {
    const rules = (
      parse(readFileSync(join(DEPLOY, 'prometheus', 'kakou-alerts.yml'), 'utf8')) as {
        groups: Array<{ rules: Array<{ alert: string; expr: string }> }>;
      }
    ).groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'KakouBrokerDown',
        'KakouDeviceSilent',
        'KakouUplinkStuck',
        'KakouBacklogOld',
        'KakouSnapshotStale',
        'KakouDiskNearlyFull',
        'KakouMustInspectOverflow',
      ]),
    );
    expect(
      unknown(
        rules.map((r) => r.expr),
        await exportedNames(),
      ),
    ).toEqual([]);
  });

  it("every Grafana panel's query names a metric the node exports", async () => {
    const dash = JSON.parse(readFileSync(join(DEPLOY, 'grafana', 'kakou-node.json'), 'utf8')) as {
      panels: Array<{ type: string; title: string; targets?: Array<{ expr: string }> }>;
      templating: { list: Array<{ query: string }> };
    };
    const queries = dash.panels.filter((p) => p.type !== 'row');
    expect(queries.length).toBeGreaterThan(10);
    for (const p of queries) {
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(metricsIn(t.expr).length, `${p.title}: ${t.expr}`).toBeGreaterThan(0);
    }
    const exprs = queries.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(unknown([...exprs, ...dash.templating.list.map((v) => v.query)], await exportedNames())).toEqual([]);
  });
});
