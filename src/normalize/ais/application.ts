import type { AisBits } from './bits.js';
import type { AppLayout, AppValue } from './application-fields.js';
import { IMO_LAYOUTS } from './application-imo.js';
import { IMO_ROUTE_LAYOUTS } from './application-imo-routes.js';
import { IMO_VOYAGE_LAYOUTS } from './application-imo-voyage.js';
import { INLAND_LAYOUTS } from './application-inland.js';

const BY_KEY = new Map<string, AppLayout>();
for (const layout of [...IMO_LAYOUTS, ...IMO_VOYAGE_LAYOUTS, ...IMO_ROUTE_LAYOUTS, ...INLAND_LAYOUTS])
  for (const dac of layout.dacs) BY_KEY.set(`${layout.type}:${dac}:${layout.fid}`, layout);

/**
 * The application fields of a binary message whose DAC and FID this decoder knows, at the length
 * the layout has; null otherwise (the payload stays raw in `data` either way).
 */
export function applicationFields(b: AisBits, type: 6 | 8, dac: number, fid: number): Record<string, AppValue> | null {
  const layout = BY_KEY.get(`${type}:${dac}:${fid}`);
  if (!layout || (layout.bits !== undefined && b.length !== layout.bits)) return null;
  const out: Record<string, AppValue> = {};
  for (const [key, read] of layout.fields) out[key] = read(b);
  return layout.accept && !layout.accept(out) ? null : out;
}

/** The layouts known, for the decoder README and the tests. */
export const APPLICATION_LAYOUTS: readonly AppLayout[] = [
  ...IMO_LAYOUTS,
  ...IMO_VOYAGE_LAYOUTS,
  ...IMO_ROUTE_LAYOUTS,
  ...INLAND_LAYOUTS,
];
