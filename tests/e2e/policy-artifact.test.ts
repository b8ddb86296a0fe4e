import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRESET_DIR } from '../../src/scoring/policy.js';
import { runCli } from '../support/cli.js';
import { createTestApp } from '../support/test-app.js';
import { TEST_ISSUER_PUBLIC } from '../support/snapshots.js';

/**
 * A policy as the provincial platform distributes it: signed with the issuer's key under a serial
 * that only grows; a node imports it only from a trusted key and only newer than the one in force,
 * and runs it from its next start over its configured preset.
 */
const dir = mkdtempSync(join(tmpdir(), 'kakou-signed-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function issuer(name: string): Promise<{ pem: string; pub: string }> {
  const pem = join(dir, `${name}.pem`);
  const r = await runCli(['keys', 'generate', '--out', pem]);
  expect(r.code).toBe(0);
  return { pem, pub: (/public key:\s+([0-9a-f]{64})/.exec(r.stdout) as RegExpExecArray)[1] as string };
}

describe('signed policies', () => {
  it('are signed, verified, imported only when trusted and newer, and run from the next start', async () => {
    const platform = await issuer('platform');
    const stranger = await issuer('stranger');
    const preset = JSON.parse(readFileSync(join(PRESET_DIR, 'kakou-checkpoint.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const policyFile = join(dir, 'site.json');
    writeFileSync(policyFile, JSON.stringify({ ...preset, name: 'jiaxing-site', version: '2026-12' }));
    const sign = (serial: number, key: string, out: string) =>
      runCli(['policy', 'sign', '--policy', policyFile, '--key', key, '--serial', String(serial), '--out', out]);
    const one = join(dir, 'one.kpol');
    expect((await sign(1, platform.pem, one)).code).toBe(0);
    expect((await runCli(['policy', 'verify', one, '--trust', platform.pub])).stdout).toMatch(
      /^ok: jiaxing-site@2026-12, serial 1/,
    );

    // One byte of the policy changed after signing: refused.
    const tampered = join(dir, 'tampered.kpol');
    const artifact = JSON.parse(readFileSync(one, 'utf8')) as { policy: string };
    writeFileSync(
      tampered,
      JSON.stringify({ ...artifact, policy: artifact.policy.replace('"controlRate":0.02', '"controlRate":0') }),
    );
    expect((await runCli(['policy', 'verify', tampered, '--trust', platform.pub])).stderr).toContain(
      'KAKOU_E_POLICY_SIGNATURE',
    );

    const dataDir = join(dir, 'node');
    const config = join(dir, 'kakou.json');
    writeFileSync(
      config,
      JSON.stringify({
        node: { id: 'policy-node' },
        storage: { dataDir },
        snapshot: { trustedKeys: [platform.pub, TEST_ISSUER_PUBLIC] },
      }),
    );
    const imp = (file: string) => runCli(['policy', 'import', file, '--config', config]);
    const foreign = join(dir, 'foreign.kpol');
    expect((await sign(5, stranger.pem, foreign)).code).toBe(0);
    expect((await imp(foreign)).stderr).toContain('KAKOU_E_POLICY_SIGNATURE');
    expect((await imp(one)).code).toBe(0);
    expect((await imp(one)).stderr).toContain('KAKOU_E_POLICY_OLDER');
    const two = join(dir, 'two.kpol');
    expect((await sign(2, platform.pem, two)).code).toBe(0);
    expect((await imp(two)).stdout).toMatch(/imported jiaxing-site@2026-12 \(serial 2\)/);
    expect((await runCli(['check', '--config', config])).code).toBe(0);

    // The node runs the imported policy, not its configured preset.
    const t = await createTestApp({
      node: { id: 'policy-node' },
      storage: { dataDir },
      snapshot: { trustedKeys: [platform.pub, TEST_ISSUER_PUBLIC] },
    });
    try {
      const status = await t.app.web.app.inject({ url: '/api/v1/status', headers: { cookie: await t.login() } });
      expect(status.json().policy).toMatchObject({ name: 'jiaxing-site', version: '2026-12' });
    } finally {
      await t.close();
    }
  }, 60_000);
});
