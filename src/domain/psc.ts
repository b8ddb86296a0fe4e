/**
 * Port State Control vocabulary the credit snapshot carries for the Paris and Tokyo MoU ship risk
 * profile (../shared/reference/targeting-anchors.md, sections 1-2): the flag's place on the
 * white/grey/black list, the recognised organisation's performance, the ISM company's performance
 * and the ship type as the regimes name it. The strings are the snapshot's wire values.
 */

/** Ship types of the ship risk profile; AIS type codes cannot tell a bulk carrier or a container ship. */
export const SHIP_KINDS = [
  'oil-tanker',
  'chemical-tanker',
  'gas-carrier',
  'bulk-carrier',
  'passenger',
  'container',
  'general-cargo',
  'other',
] as const;
export type ShipKind = (typeof SHIP_KINDS)[number];

/** The flag performance list, with the black list's four levels. */
export const FLAG_LISTS = [
  'white',
  'grey',
  'black-medium',
  'black-medium-to-high',
  'black-high',
  'black-very-high',
] as const;
/** `unlisted`: a flag the platform names but the performance list does not (too few inspections). */
export type FlagList = (typeof FLAG_LISTS)[number] | 'unlisted';

/** Performance levels of recognised organisations and companies, as the regimes publish them. */
export const PERFORMANCES = ['high', 'medium', 'low', 'very-low'] as const;
export type Performance = (typeof PERFORMANCES)[number];

export interface FlagPerformance {
  /** ISO 3166-1 alpha-2 code of the flag State. */
  code: string;
  name?: string;
  list: FlagList;
  /** The flag State has undergone the IMO Member State Audit. */
  imoAudited: boolean;
}

export interface RoPerformance {
  id: string;
  name?: string;
  /** Absent: the organisation is not on the performance list (missing data is never good data). */
  performance?: Performance;
  /** Recognised by a member State of the regime (the EU for Paris, a Tokyo MoU member for Tokyo). */
  recognised: boolean;
}

/** Reads a wire string into the vocabulary; anything else is not known. */
export const shipKindOf = (s: string | null | undefined): ShipKind | undefined =>
  (SHIP_KINDS as readonly string[]).includes(s ?? '') ? (s as ShipKind) : undefined;
export const flagListOf = (s: string | null | undefined): FlagList =>
  (FLAG_LISTS as readonly string[]).includes(s ?? '') ? (s as FlagList) : 'unlisted';
export const performanceOf = (s: string | null | undefined): Performance | undefined =>
  (PERFORMANCES as readonly string[]).includes(s ?? '') ? (s as Performance) : undefined;

/** A flag-list row as the snapshot tables hold it. */
export function flagEntry(code: string, name: string | null, list: string | null, imoAudited: number): FlagPerformance {
  const f: FlagPerformance = { code, list: flagListOf(list), imoAudited: imoAudited === 1 };
  if (name) f.name = name;
  return f;
}

/** A recognised-organisation row as the snapshot tables hold it. */
export function roEntry(
  id: string,
  name: string | null,
  performance: string | null,
  recognised: number,
): RoPerformance {
  const o: RoPerformance = { id, recognised: recognised === 1 };
  const p = performanceOf(performance);
  if (p) o.performance = p;
  if (name) o.name = name;
  return o;
}
