import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const UNIT_FILE = join(import.meta.dirname, '..', '..', 'deploy', 'kakou.service');

/** The shipped systemd unit's ExecStart: the Node flags before the script, the script, and its arguments. */
export function unitExecStart(): { nodeFlags: string[]; script: string; args: string[] } {
  const line = readFileSync(UNIT_FILE, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('ExecStart='));
  if (!line) throw new Error(`${UNIT_FILE} has no ExecStart`);
  const [, ...words] = line.slice('ExecStart='.length).trim().split(/\s+/);
  const at = words.findIndex((w) => !w.startsWith('-'));
  return { nodeFlags: words.slice(0, at), script: words[at] as string, args: words.slice(at + 1) };
}

/** The shipped unit's Environment= settings. */
export function unitEnvironment(): Record<string, string> {
  const lines = readFileSync(UNIT_FILE, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Environment='));
  return Object.fromEntries(
    lines.map((l) => {
      const [name, ...value] = l.slice('Environment='.length).split('=');
      return [name as string, value.join('=')];
    }),
  );
}
