import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root, found from this file whether it runs as TypeScript from src/ (tests) or
 * compiled from dist/ (the CLI), so shipped data (device profiles, terminal assets) resolve alike.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'kakou') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('kakou package root not found');
    dir = up;
  }
}

export const PACKAGE_ROOT = findRoot();
export const DEFAULT_PROFILE_DIR = join(PACKAGE_ROOT, 'device-profiles');
export const PUBLIC_DIR = join(PACKAGE_ROOT, 'src', 'web', 'public');
export const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
