import { readFileSync } from 'node:fs';
import Value from 'typebox/value';
import { KakouError } from '../errors.js';
import { type MapFeature, MapFileSchema } from './map-schema.js';

/** Positions a site drawing may hold in all: a detailed reach of river or road, far below what would slow a terminal. */
export const MAX_MAP_POSITIONS = 200_000;

/**
 * The site drawing in force: the inline features and those of `map.geojsonFile`, checked (ranges,
 * Unicode, size) and reduced to what the terminal draws. Every problem is listed at once.
 */
export function siteFeatures(map: { geojsonFile: string; features: readonly MapFeature[] }): MapFeature[] {
  const problems: string[] = [];
  const features = map.features.map((f, i) => checked(f, `map.features.${i}`, problems));
  if (map.geojsonFile) features.push(...fromFile(map.geojsonFile, problems));
  let positions = 0;
  for (const f of features) positions += countPositions(f.geometry.coordinates);
  if (positions > MAX_MAP_POSITIONS)
    problems.push(`map: ${positions} positions drawn, more than ${MAX_MAP_POSITIONS} (simplify the drawing)`);
  if (problems.length > 0)
    throw new KakouError('KAKOU_E_CONFIG_INVALID', `the site drawing has ${problems.length} problem(s)`, problems);
  return features;
}

function fromFile(file: string, problems: string[]): MapFeature[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message.split('\n')[0];
    problems.push(`map.geojsonFile: cannot read ${file} (${why})`);
    return [];
  }
  const errors = [...Value.Errors(MapFileSchema, parsed)].slice(0, 10);
  if (errors.length > 0) {
    for (const e of errors) problems.push(`map.geojsonFile: ${file}${e.instancePath || '/'} ${e.message}`);
    return [];
  }
  const { features } = parsed as { features: MapFeature[] };
  return features.map((f, i) => checked(f, `map.geojsonFile: ${file}/features/${i}`, problems));
}

/** The feature as drawn: kind and name only, positions in range, the name well-formed. */
function checked(f: MapFeature, where: string, problems: string[]): MapFeature {
  const { kind, name } = f.properties;
  if (name !== undefined && !name.isWellFormed()) problems.push(`${where}: properties.name is not well-formed Unicode`);
  const bad = firstBadPosition(f.geometry.coordinates);
  if (bad) problems.push(`${where}: position [${bad.join(', ')}] is not a [longitude, latitude] in range`);
  return {
    type: 'Feature',
    properties: name === undefined ? { kind } : { kind, name },
    geometry: f.geometry,
  };
}

type Nested = number | Nested[];

function firstBadPosition(c: Nested): number[] | null {
  if (!Array.isArray(c)) return null;
  if (typeof c[0] === 'number') {
    const [lon, lat] = c as number[];
    const ok = Math.abs(lon as number) <= 180 && Math.abs(lat as number) <= 90;
    return ok ? null : (c as number[]);
  }
  for (const x of c) {
    const bad = firstBadPosition(x);
    if (bad) return bad;
  }
  return null;
}

function countPositions(c: Nested): number {
  if (!Array.isArray(c)) return 0;
  if (typeof c[0] === 'number') return 1;
  let n = 0;
  for (const x of c) n += countPositions(x);
  return n;
}
