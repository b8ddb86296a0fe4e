import { readFileSync } from 'node:fs';
import { createPublicKey } from 'node:crypto';
import { join, resolve } from 'node:path';
import { POLICY_FILE } from '../app/policy-in-force.js';
import { storeSignedPolicy, writeAtomically } from '../app/policy-store.js';
import { loadConfig } from '../config/load-config.js';
import { KakouError } from '../errors.js';
import { loadPolicy, parsePolicy } from '../scoring/policy.js';
import { openPolicyArtifact, signPolicy } from '../snapshot/policy-artifact.js';
import { privateKeyFromPem, rawPublicKey } from '../sync/signing.js';
import { EXIT, type CliContext } from './context.js';

type Values = Record<string, string | boolean | undefined>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** `kakou policy sign`: the issuer signs a policy file (checked first) under the next serial. */
export function signCommand(ctx: CliContext, v: Values): number {
  const [policyFile, keyFile, out] = [str(v.policy), str(v.key), str(v.out)];
  const serial = Number(v.serial);
  if (!policyFile || !keyFile || !out || !(Number.isSafeInteger(serial) && serial > 0))
    throw new KakouError(
      'KAKOU_E_CLI_USAGE',
      'policy sign needs --policy FILE, --key FILE, --serial N (1 or more) and --out FILE',
    );
  const path = resolve(ctx.cwd, policyFile);
  loadPolicy(path);
  const key = privateKeyFromPem(readFileSync(resolve(ctx.cwd, keyFile), 'utf8'));
  const artifact = signPolicy(readFileSync(path, 'utf8'), key, rawPublicKey(createPublicKey(key)), {
    serial,
    issuer: str(v.issuer) ?? '',
    issuedAt: new Date(ctx.clock.now()).toISOString(),
  });
  writeAtomically(resolve(ctx.cwd, out), `${JSON.stringify(artifact, null, 2)}\n`);
  ctx.out(`signed serial ${serial} with key ${artifact.issuerKeyId}: ${resolve(ctx.cwd, out)}`);
  return EXIT.ok;
}

/** `kakou policy verify FILE --trust HEX`: the artifact's signature and its policy. */
export function verifyCommand(ctx: CliContext, file: string | undefined, v: Values): number {
  const trust = str(v.trust);
  if (!file || !trust)
    throw new KakouError('KAKOU_E_CLI_USAGE', 'policy verify needs FILE and --trust <public key hex>');
  const artifact = openPolicyArtifact(readFileSync(resolve(ctx.cwd, file), 'utf8'), [trust], file);
  const policy = parsePolicy(JSON.parse(artifact.policy), `${file} (serial ${artifact.serial})`);
  ctx.out(
    `ok: ${policy.name}@${policy.version}, serial ${artifact.serial}, issued ${artifact.issuedAt} by ${artifact.issuer || artifact.issuerKeyId}`,
  );
  return EXIT.ok;
}

/**
 * `kakou policy import FILE --config C`: a signed policy into the node's data folder, in place
 * of the one kept only when its serial is higher, written whole or not at all. It takes effect
 * when the node next starts.
 */
export function importCommand(ctx: CliContext, file: string | undefined, v: Values): number {
  if (!file) throw new KakouError('KAKOU_E_CLI_USAGE', 'policy import needs FILE (and --config, or KAKOU_CONFIG)');
  const configFile = str(v.config) ?? ctx.env.KAKOU_CONFIG;
  const config = loadConfig({ ...(configFile && { file: resolve(ctx.cwd, configFile) }), env: ctx.env });
  const { policy, serial } = storeSignedPolicy(config, readFileSync(resolve(ctx.cwd, file), 'utf8'), file);
  ctx.out(
    `imported ${policy.name}@${policy.version} (serial ${serial}) into ${join(config.storage.dataDir, POLICY_FILE)}; it takes effect when the node next starts`,
  );
  return EXIT.ok;
}
