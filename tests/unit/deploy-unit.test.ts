import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { unitEnvironment, unitExecStart } from '../support/deploy-unit.js';

describe('deploy/kakou.service', () => {
  it('starts `kakou serve` with Node flags this Node accepts (the flags the e2e bench measures)', () => {
    const { nodeFlags, script, args } = unitExecStart();
    expect(script).toBe('/opt/kakou/dist/main.js');
    expect(args).toEqual(['serve']);
    expect(nodeFlags.length).toBeGreaterThan(0);
    const r = spawnSync(process.execPath, [...nodeFlags, '-e', 'process.exit(0)']);
    expect({ status: r.status, stderr: r.stderr.toString() }).toEqual({ status: 0, stderr: '' });
    // A misspelt flag must fail the same check, or it would prove nothing.
    expect(spawnSync(process.execPath, ['--max-semi-space-sise=4', '-e', 'process.exit(0)']).status).not.toBe(0);
  });

  it('caps malloc arenas, as the e2e bench runs the node', () => {
    expect(unitEnvironment()).toMatchObject({
      NODE_ENV: 'production',
      KAKOU_CONFIG: '/etc/kakou/kakou.yaml',
      MALLOC_ARENA_MAX: '2',
    });
  });
});
