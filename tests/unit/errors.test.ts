import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERRORS } from '../../src/errors.js';

describe('error catalog', () => {
  it('is documented in README.md, code for code', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const documented = new Set(readme.match(/KAKOU_E_[A-Z_]+/g) ?? []);
    for (const code of Object.keys(ERRORS)) expect(documented, code).toContain(code);
    for (const code of documented) expect(Object.keys(ERRORS), `README names ${code}`).toContain(code);
  });
});
