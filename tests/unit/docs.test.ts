import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configReference } from '../../src/config/describe-config.js';
import { profileJsonSchema } from '../../src/normalize/profiles/profile-schema.js';
import { policyJsonSchema } from '../../src/scoring/policy.js';
import { createMetrics } from '../../src/metrics/metrics.js';

const root = join(import.meta.dirname, '..', '..');

describe('generated documentation', () => {
  it('README.md embeds the current configuration reference', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const embedded = readme
      .split('<!-- config-reference:start')[1]
      ?.split('-->')
      .slice(1)
      .join('-->')
      .split('<!-- config-reference:end')[0]
      ?.trim();
    expect(embedded, 'run `node dist/main.js check --config-reference` and paste it into README.md').toBe(
      configReference(),
    );
  });

  it('src/scoring/presets/schema.json is the policy schema the code validates with', () => {
    const file = JSON.parse(readFileSync(join(root, 'src', 'scoring', 'presets', 'schema.json'), 'utf8')) as unknown;
    expect(file, 'run `node dist/main.js check --policy-schema > src/scoring/presets/schema.json`').toEqual(
      policyJsonSchema(),
    );
  });

  it('device-profiles/schema.json is the schema the code validates with', () => {
    const file = JSON.parse(readFileSync(join(root, 'device-profiles', 'schema.json'), 'utf8')) as unknown;
    expect(file, 'run `node dist/main.js check --profile-schema > device-profiles/schema.json`').toEqual(
      profileJsonSchema(),
    );
  });

  it("README.md's metrics table names every metric the node exports, and only those", async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const table = readme.split('## Metrics')[1]?.split('\n## ')[0] ?? '';
    const documented = new Set(table.match(/kakou_[a-z_]+/g) ?? []);
    const exported = new Set(
      (await createMetrics().registry.getMetricsAsJSON()).map((m) => m.name).filter((n) => n.startsWith('kakou_')),
    );
    expect(
      [...exported].filter((n) => !documented.has(n)),
      'exported but not in the table',
    ).toEqual([]);
    expect(
      [...documented].filter((n) => !exported.has(n)),
      'in the table but not exported',
    ).toEqual([]);
  });
});
