import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { payloadProblem } from '../../src/central/validate-payload.js';
import { DEFECT_CODES } from '../../src/inspections/defect-codes.js';
import { payloadJsonSchema } from '../../src/sync/payload-schemas.js';
import { PAYLOAD_SCHEMA_VERSION, RECORD_KINDS, type RecordKind } from '../../src/domain/record-kinds.js';
import { golden } from '../support/payloads.js';
import { reportJsonSchema } from '../../src/central/report-schema.js';

/**
 * sync/ is the contract a central in another language builds against: one list of record kinds,
 * a published JSON Schema per kind generated from the definitions the reference central checks
 * with, golden payloads that pass both, and the defect codes inspection records use.
 */
const SYNC = join(import.meta.dirname, '..', '..', 'sync');
const KINDS = Object.keys(RECORD_KINDS) as RecordKind[];
const schemaFile = (k: string) => join(SYNC, 'schemas', `${k}.v${PAYLOAD_SCHEMA_VERSION}.schema.json`);

describe('the uplink contract in sync/', () => {
  it('publishes the JSON Schema of every record kind, as the code defines it', () => {
    expect(readdirSync(join(SYNC, 'schemas')).sort()).toEqual(
      [...KINDS.map((k) => `${k}.v${PAYLOAD_SCHEMA_VERSION}.schema.json`), 'report.v1.schema.json'].sort(),
    );
    expect(JSON.parse(readFileSync(join(SYNC, 'schemas', 'report.v1.schema.json'), 'utf8'))).toEqual(
      reportJsonSchema(),
    );
    for (const k of KINDS)
      expect(JSON.parse(readFileSync(schemaFile(k), 'utf8')), `node dist/main.js check --payload-schema ${k}`).toEqual(
        payloadJsonSchema(k),
      );
  });

  it('has a golden payload per kind that the published schema (read by another validator) and the central accept', () => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    expect(readdirSync(join(SYNC, 'vectors', 'payloads')).sort()).toEqual(KINDS.map((k) => `${k}.json`).sort());
    for (const k of KINDS) {
      const validate = ajv.compile(JSON.parse(readFileSync(schemaFile(k), 'utf8')) as object);
      const payload = golden(k);
      expect(validate(payload), `${k}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(payloadProblem(k, JSON.stringify(payload)), k).toBeNull();
      // A field the schema does not name is allowed (a newer node may send more) ...
      expect(payloadProblem(k, JSON.stringify({ ...payload, addedInVersion2: [1, 2] })), k).toBeNull();
      // ... and a required one missing is refused by both, naming it.
      const required = (JSON.parse(readFileSync(schemaFile(k), 'utf8')) as { required?: string[] }).required ?? [];
      for (const field of required) {
        const { [field]: _gone, ...rest } = payload;
        expect(validate(rest), `${k} without ${field}`).toBe(false);
        expect(payloadProblem(k, JSON.stringify(rest)), `${k} without ${field}`).toContain(field);
      }
    }
  });

  it('refuses unknown kinds, wrong types and an amendment without what it amends', () => {
    expect(payloadProblem('gossip', '{}')).toMatch(/unknown kind/);
    expect(payloadProblem('inspection', '[]')).toMatch(/not a JSON object/);
    expect(payloadProblem('inspection', JSON.stringify(golden('inspection', { result: 'fine' })))).toMatch(/result/);
    expect(payloadProblem('alarm', JSON.stringify(golden('alarm', { critical: 'yes' })))).toMatch(/critical/);
    expect(payloadProblem('inspection', JSON.stringify(golden('inspection', { amends: 'x' })))).toMatch(/amendment/);
    expect(
      payloadProblem('inspection', JSON.stringify(golden('inspection', { amends: 'x', amendment: 'correction' }))),
    ).toBeNull();
    // What the node legitimately sends is never refused: device text with control characters in an
    // id, and a device clock thousands of years off (found by the payload fuzz bench).
    expect(
      payloadProblem('decision', JSON.stringify(golden('decision', { targetId: 'vehicle:3A1\u0010\n0' }))),
    ).toBeNull();
    expect(payloadProblem('alarm', JSON.stringify(golden('alarm', { at: '+012606-12-16T06:49:12.467Z' })))).toBeNull();
  });

  it('publishes the defect codes inspection records use, and its golden inspection uses them', () => {
    const published = JSON.parse(readFileSync(join(SYNC, 'defect-codes.v1.json'), 'utf8')) as {
      version: number;
      codes: Array<{ code: string; kind: string; zh: string; en: string }>;
    };
    expect(published.version).toBe(1);
    expect(published.codes).toEqual(DEFECT_CODES);
    const known = new Set(published.codes.map((c) => c.code));
    for (const d of golden('inspection').defects as Array<{ code: string }>) expect(known.has(d.code)).toBe(true);
  });

  it('lists every kind with its lane in sync/README.md, and no other', () => {
    const readme = readFileSync(join(SYNC, 'README.md'), 'utf8');
    const table = readme.split('### Record kinds')[1]?.split('\n#')[0] ?? '';
    const rows = [...table.matchAll(/^\| `([a-z-]+)` \| (\d) \|/gm)].map((m) => [m[1], Number(m[2])]);
    expect(rows.sort()).toEqual(KINDS.map((k) => [k, RECORD_KINDS[k].lane]).sort());
  });
});
