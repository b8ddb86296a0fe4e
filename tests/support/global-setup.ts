import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The e2e and CLI tests run the built CLI; `npm test` builds it first (pretest). */
export default function setup(): void {
  const main = join(import.meta.dirname, '..', '..', 'dist', 'main.js');
  if (!existsSync(main)) throw new Error('dist/main.js is missing: run "npm run build" (npm test does it for you)');
  const src = join(import.meta.dirname, '..', '..', 'src', 'main.ts');
  if (statSync(src).mtimeMs > statSync(main).mtimeMs + 1000) {
    process.stderr.write('warning: dist/ is older than src/; CLI tests run the old build (npm test rebuilds)\n');
  }
}
