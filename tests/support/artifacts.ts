import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Where tests leave files for people to look at (screenshots, reports): test-artifacts/, or $TEST_ARTIFACTS. */
export function artifactPath(name: string): string {
  const dir = process.env.TEST_ARTIFACTS ?? join(import.meta.dirname, '..', '..', 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
