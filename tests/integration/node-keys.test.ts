import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addNode } from '../../src/central/node-admin.js';
import { runCli } from '../support/cli.js';
import { startCentral } from '../support/central.js';

describe('the node key over its life', () => {
  it("is shown for an administrator to register, and rotated with the central's consent before it is replaced", async () => {
    const central = await startCentral(0, undefined, undefined, false);
    const dir = mkdtempSync(join(tmpdir(), 'kakou-keys-'));
    const config = join(dir, 'kakou.yaml');
    writeFileSync(
      config,
      JSON.stringify({ node: { id: 'key-node' }, storage: { dataDir: dir }, sync: { centralUrl: central.url } }),
    );
    try {
      const shown = await runCli(['keys', 'show', '--config', config]);
      expect(shown.code, shown.stderr).toBe(0);
      const publicKey = /public key: ([0-9a-f]{64})/.exec(shown.stdout)?.[1] as string;
      expect(publicKey).toMatch(/^[0-9a-f]{64}$/);

      // Not registered yet: the central refuses the rotation like any unknown node, and the key stays.
      const refused = await runCli(['keys', 'rotate', '--config', config]);
      expect(refused.code).not.toBe(0);
      expect((await runCli(['keys', 'show', '--config', config])).stdout).toContain(publicKey);

      await addNode(central.store, 'key-node', publicKey, 'key node', Date.now());
      const rotated = await runCli(['keys', 'rotate', '--config', config]);
      expect(rotated.code, rotated.stderr).toBe(0);
      const after = /public key: ([0-9a-f]{64})/.exec((await runCli(['keys', 'show', '--config', config])).stdout)?.[1];
      expect(after).not.toBe(publicKey);
      expect((await central.store.node('key-node'))?.publicKey.toString('hex')).toBe(after);
      expect(readdirSync(dir).some((f) => f.startsWith('node-key.pem.retired-'))).toBe(true);
      expect(existsSync(join(dir, 'node-key.pem'))).toBe(true);
    } finally {
      await central.close();
    }
  });
});
