import type { History36m } from '../domain/credit.js';

/** A 36-month history in the snapshot's counts. */
export const H = (
  inspections: number,
  deficiencies: number,
  detentions: number,
  penalties = 0,
  accidents = 0,
): History36m => ({ inspections, deficiencies, detentions, penalties, accidents });

/** Companies of the demo's ordinary vessels and trucks (all in the demo snapshot). */
export const ORDINARY_COMPANIES = ['C330400002', 'C330500003', 'C330100004', 'C330600006', 'C330200005', 'C330400001'];
