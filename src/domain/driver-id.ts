import { createHash } from 'node:crypto';

/**
 * Drivers are personal data. The credit platform keys them by the SHA-256 of the ID number, and
 * the node does the same the moment a terminal reports one: the number is hashed for the lookup,
 * masked for people, and never stored or logged whole.
 */
export function driverIdSha256(idNumber: string): Buffer {
  return createHash('sha256').update(canonicalId(idNumber), 'utf8').digest();
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
  return list.split(/[,，;\s]+/).map((c) => c.trim()).filter((c) => /^[1-9](\.[1-6])?$/.test(c));
}

/** Whether a list of classes covers a cargo's class or division: "2" covers "2.1"; "2.1" covers only itself. */
export function coversClass(classes: readonly string[], hazardClass: string): boolean {
  const cargo = hazardClass.trim();
  const main = cargo.split('.')[0] as string;
  return classes.some((c) => c === cargo || c === main);
}
