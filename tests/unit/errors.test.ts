import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');

describe('error catalog', () => {
  it('is documented in README.md, code for code', () => {
    const documented = new Set(readme.match(/KAKOU_E_[A-Z_]+/g) ?? []);
    for (const code of Object.keys(ERRORS)) expect(documented, code).toContain(code);
    for (const code of documented) expect(Object.keys(ERRORS), `README names ${code}`).toContain(code);
  });

  it('gives each code the status it is answered with: per-record refusals travel in an Ack', () => {
    const rows = new Map(
      [...readme.matchAll(/^\| `(KAKOU_E_[A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1], (m[2] as string).trim()]),
    );
    for (const [code, { status }] of Object.entries(ERRORS)) {
      const column = rows.get(code) ?? '';
      if (status === 200) expect(column, code).toBe('in an Ack');
      else expect(column.match(/\d{3}/)?.[0], code).toBe(String(status));
    }
  });
});
