import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { MAX_MAP_POSITIONS, siteFeatures } from '../../../src/config/map-file.js';
import type { MapFeature } from '../../../src/config/map-schema.js';
import { KakouError } from '../../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'kakou-map-'));
const write = (name: string, body: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  return file;
};
const fairway: MapFeature = {
  type: 'Feature',
  properties: { kind: 'fairway', name: '杭申线' },
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [120.75, 30.75],
        [120.76, 30.75],
        [120.76, 30.76],
        [120.75, 30.75],
      ],
    ],
  },
};

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(KakouError);
    expect((err as KakouError).code).toBe('KAKOU_E_CONFIG_INVALID');
    return (err as KakouError).details;
  }
  throw new Error('expected the drawing to be refused');
}

describe('the site drawing (map.geojsonFile, map.features)', () => {
  it('reads a GIS export, keeping kind and name and dropping the other properties', () => {
    const file = write('site.geojson', {
      type: 'FeatureCollection',
      features: [
        { ...fairway, properties: { kind: 'fairway', name: '杭申线', fid: 7, layer: 'waterways' } },
        {
          type: 'Feature',
          properties: { kind: 'road' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [120.7, 30.7, 4.2],
              [120.8, 30.8, 5.1],
            ],
          },
        },
      ],
    });
    const features = siteFeatures({ geojsonFile: file, features: [] });
    expect(features).toHaveLength(2);
    expect(features[0]?.properties).toEqual({ kind: 'fairway', name: '杭申线' });
    expect(features[1]?.properties).toEqual({ kind: 'road' });
  });

  it('loads through the configuration, inline features first, then the file', () => {
    const file = write('road.geojson', {
      type: 'FeatureCollection',
      features: [{ ...fairway, properties: { kind: 'lane' } }],
    });
    const config = loadConfig({ overrides: { map: { geojsonFile: file, features: [fairway] } } });
    expect(config.map.features.map((f) => f.properties.kind)).toEqual(['fairway', 'lane']);
  });

  it('lists every problem: positions out of range, names that are not Unicode, an unknown kind, a missing file', () => {
    const swapped = structuredClone(fairway);
    (swapped.geometry.coordinates as number[][][])[0]?.splice(1, 1, [30.75, 120.76]);
    const broken = { ...fairway, properties: { kind: 'fairway' as const, name: 'bad \ud800 name' } };
    const problems = problemsOf(() =>
      siteFeatures({ geojsonFile: join(dir, 'missing.geojson'), features: [swapped, broken] }),
    );
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^map\.features\.0: position \[30\.75, 120\.76\]/);
    expect(problems[1]).toMatch(/^map\.features\.1: properties\.name/);
    expect(problems[2]).toMatch(/^map\.geojsonFile: cannot read .*ENOENT/);

    const unknownKind = write('kind.geojson', {
      type: 'FeatureCollection',
      features: [{ ...fairway, properties: { kind: 'castle' } }],
    });
    expect(problemsOf(() => siteFeatures({ geojsonFile: unknownKind, features: [] }))[0]).toMatch(
      /^map\.geojsonFile: .*\/features\/0\/properties\/kind/,
    );
    const notJson = write('bad.geojson', '{"type": "FeatureCollection", ');
    expect(problemsOf(() => siteFeatures({ geojsonFile: notJson, features: [] }))[0]).toMatch(/cannot read/);
  });

  it('refuses a drawing too detailed to draw on a terminal', () => {
    const many = Array.from({ length: 11 }, (_, k) => ({
      type: 'Feature' as const,
      properties: { kind: 'bank' as const },
      geometry: {
        type: 'LineString' as const,
        coordinates: Array.from({ length: 20_000 }, (_, i) => [120 + i * 1e-5, 30 + k * 1e-3]),
      },
    }));
    const problems = problemsOf(() => siteFeatures({ geojsonFile: '', features: many }));
    expect(problems).toEqual([`map: 220000 positions drawn, more than ${MAX_MAP_POSITIONS} (simplify the drawing)`]);
  });

  it('refuses a bad inline feature at start-up with the configuration problems', () => {
    const problems = problemsOf(() =>
      loadConfig({ overrides: { map: { features: [{ type: 'Feature', properties: { kind: 'road' } }] } } }),
    );
    expect(problems.some((p) => p.startsWith('map.features.0'))).toBe(true);
  });
});
