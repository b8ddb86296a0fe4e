import type { KeyObject } from 'node:crypto';
import { KakouError } from '../errors.js';
import { keyId, publicKeyFromRaw, signBytes, verifyBytes } from '../sync/signing.js';

/**
 * A targeting policy as the provincial platform distributes it (src/scoring/README.md, "Signed
 * policies"): the policy JSON, as a string so its bytes are exactly the ones signed, with a serial
 * that only grows, signed with an issuer key the node trusts (snapshot.trustedKeys, as for credit
 * snapshots).
 */
export interface PolicyArtifact {
  format: 'kakou-signed-policy/1';
  serial: number;
  issuedAt: string;
  issuer: string;
  issuerKeyId: string;
  policy: string;
  signature: string;
}

const FORMAT = 'kakou-signed-policy/1';

/** The bytes an issuer signs: a domain tag, then each field on its own line, the policy last. */
export function signedPolicyBytes(a: Pick<PolicyArtifact, 'serial' | 'issuedAt' | 'issuerKeyId' | 'policy'>): Buffer {
  return Buffer.from(`KAKOU-POLICY-1\n${a.serial}\n${a.issuedAt}\n${a.issuerKeyId}\n${a.policy}`, 'utf8');
}

export function signPolicy(
  policy: string,
  key: KeyObject,
  publicRaw: Uint8Array,
  o: { serial: number; issuer: string; issuedAt: string },
): PolicyArtifact {
  const body = { serial: o.serial, issuedAt: o.issuedAt, issuerKeyId: keyId(publicRaw), policy };
  return {
    format: FORMAT,
    ...body,
    issuer: o.issuer,
    signature: signBytes(key, signedPolicyBytes(body)).toString('base64'),
  };
}

/**
 * A signed policy's contents, once its form and signature check out against the trusted keys;
 * anything else is refused with KAKOU_E_POLICY_SIGNATURE, every problem listed.
 */
export function openPolicyArtifact(text: string, trustedKeys: readonly string[], label: string): PolicyArtifact {
  let a: Partial<PolicyArtifact>;
  try {
    a = JSON.parse(text) as Partial<PolicyArtifact>;
  } catch {
    throw new KakouError('KAKOU_E_POLICY_SIGNATURE', `${label} is not a signed policy`, [`${label}: not JSON`]);
  }
  const problems = [
    ...(a.format === FORMAT ? [] : [`format: ${FORMAT}`]),
    ...(Number.isSafeInteger(a.serial) && (a.serial as number) > 0 ? [] : ['serial: a positive integer']),
    ...(typeof a.issuedAt === 'string' && !Number.isNaN(Date.parse(a.issuedAt)) ? [] : ['issuedAt: an ISO time']),
    ...(typeof a.policy === 'string' ? [] : ['policy: the policy JSON as a string']),
    ...(typeof a.signature === 'string' ? [] : ['signature: base64 Ed25519']),
    ...(typeof a.issuerKeyId === 'string' ? [] : ['issuerKeyId']),
  ];
  if (problems.length > 0)
    throw new KakouError(
      'KAKOU_E_POLICY_SIGNATURE',
      `${label} is not a signed policy`,
      problems.map((p) => `${label}: ${p}`),
    );
  const artifact = a as PolicyArtifact;
  const key = trustedKeys.find((k) => keyId(Buffer.from(k, 'hex')) === artifact.issuerKeyId);
  if (!key)
    throw new KakouError('KAKOU_E_POLICY_SIGNATURE', `${label} is signed by a key this node does not trust`, [
      `${label}: issuer key ${artifact.issuerKeyId} is not in snapshot.trustedKeys`,
    ]);
  if (
    !verifyBytes(
      publicKeyFromRaw(Buffer.from(key, 'hex')),
      signedPolicyBytes(artifact),
      Buffer.from(artifact.signature, 'base64'),
    )
  )
    throw new KakouError('KAKOU_E_POLICY_SIGNATURE', `${label}: the signature does not verify`, [
      `${label}: signature of serial ${artifact.serial} does not verify with key ${artifact.issuerKeyId}`,
    ]);
  return artifact;
}
