import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { KakouError } from '../errors.js';
import { parsePolicy, type Policy } from '../scoring/policy.js';
import { openPolicyArtifact } from '../snapshot/policy-artifact.js';
import { POLICY_FILE, policyInForce } from './policy-in-force.js';

/**
 * Keeps a signed policy in the data folder in place of the one there, when it is signed by a
 * trusted key, valid, and of a higher serial; written whole or not at all. The node runs it from
 * its next start (`kakou policy import`, and what the central serves at GET /v1/policy).
 */
export function storeSignedPolicy(config: Config, text: string, label: string): { policy: Policy; serial: number } {
  const artifact = openPolicyArtifact(text, config.snapshot.trustedKeys, label);
  let raw: unknown;
  try {
    raw = JSON.parse(artifact.policy);
  } catch {
    throw new KakouError('KAKOU_E_POLICY_INVALID', `${label}: the signed policy is not JSON`, [`${label}: policy`]);
  }
  const policy = parsePolicy(raw, `${label} (serial ${artifact.serial})`);
  const current = storedSerial(config);
  if (current !== null && artifact.serial <= current)
    throw new KakouError('KAKOU_E_POLICY_OLDER', undefined, [
      `${label}: serial ${artifact.serial}; the policy kept is serial ${current}`,
    ]);
  mkdirSync(config.storage.dataDir, { recursive: true });
  writeAtomically(join(config.storage.dataDir, POLICY_FILE), text);
  return { policy, serial: artifact.serial };
}

/** The serial of the signed policy kept in the data folder, or null when there is none. */
export function storedSerial(config: Config): number | null {
  return existsSync(join(config.storage.dataDir, POLICY_FILE)) ? policyInForce(config).serial : null;
}

/** Written to a temporary file, synced, then renamed over the target: a crash leaves the old or the new, whole. */
export function writeAtomically(target: string, text: string): void {
  const tmp = `${target}.tmp-${randomBytes(4).toString('hex')}`;
  const fd = openSync(tmp, 'w', 0o644);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, target);
}
