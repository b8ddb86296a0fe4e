import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { KakouError } from '../errors.js';
import { loadPolicy, parsePolicy, type Policy } from '../scoring/policy.js';
import { openPolicyArtifact } from '../snapshot/policy-artifact.js';

/** Where `kakou policy import` keeps the signed policy in force, in the data folder. */
export const POLICY_FILE = 'policy.kpol';

/**
 * The targeting policy a node runs: a signed policy imported into its data folder (checked
 * against snapshot.trustedKeys at every start) over the configured preset or file.
 */
export function policyInForce(config: Config): { policy: Policy; from: string; serial: number | null } {
  const file = join(config.storage.dataDir, POLICY_FILE);
  if (!existsSync(file))
    return { policy: loadPolicy(config.scoring.policy), from: config.scoring.policy, serial: null };
  const artifact = openPolicyArtifact(readFileSync(file, 'utf8'), config.snapshot.trustedKeys, file);
  let raw: unknown;
  try {
    raw = JSON.parse(artifact.policy);
  } catch {
    throw new KakouError('KAKOU_E_POLICY_INVALID', `${file}: the signed policy is not JSON`, [`${file}: policy`]);
  }
  const label = `${file} (serial ${artifact.serial})`;
  return { policy: parsePolicy(raw, label), from: label, serial: artifact.serial };
}
