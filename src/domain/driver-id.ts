import { createHash, createHmac } from 'node:crypto';

/** The provincial driver-id key: 32 secret bytes held by the snapshot issuer and every node. */
export const DRIVER_ID_KEY_BYTES = 32;

/**
 * Drivers are personal data. The credit platform keys them by HMAC-SHA256 of the ID number under
 * a provincial key, and the node does the same the moment a terminal reports one: the number is
 * hashed for the lookup, masked for people, and never stored or logged whole. A plain SHA-256
 * would not do: ID numbers are few enough (birth date, region, sequence) to be enumerated and
 * hashed, so a hash without a secret key gives every number back.
 */
export function driverIdHash(idNumber: string, key: Uint8Array): Buffer {
  return createHmac('sha256', key).update(canonicalId(idNumber), 'utf8').digest();
}

/** Names a driver-id key without revealing it: the first 16 hex digits of its SHA-256. */
export function driverIdKeyId(key: Uint8Array): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** ID numbers are compared trimmed and upper case (the check digit of a PRC ID may be "x" or "X"). */
function canonicalId(idNumber: string): string {
  return idNumber.trim().toUpperCase();
}

/** The first three and last four characters, the rest as asterisks: enough to tell two drivers apart on a shift. */
export function maskId(idNumber: string): string {
  const id = canonicalId(idNumber);
  if (id.length <= 7) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/** Hazard classes a qualification or certificate lists ("2, 3,8" → ["2", "3", "8"]). */
export function parseClasses(list: string): string[] {
  return list
    .split(/[,，;\s]+/)
    .map((c) => c.trim())
    .filter((c) => /^[1-9](\.[1-6])?$/.test(c));
}

/** Whether a list of classes covers a cargo's class or division: "2" covers "2.1"; "2.1" covers only itself. */
export function coversClass(classes: readonly string[], hazardClass: string): boolean {
  const cargo = hazardClass.trim();
  const main = cargo.split('.')[0] as string;
  return classes.some((c) => c === cargo || c === main);
}
