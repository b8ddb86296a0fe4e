import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const UNIT_FILE = join(import.meta.dirname, '..', '..', 'deploy', 'kakou.service');

/** The shipped systemd unit's ExecStart: the Node flags before the script, the script, and its arguments. */
export function unitExecStart(): { nodeFlags: string[]; script: string; args: string[] } {
  const line = readFileSync(UNIT_FILE, 'utf8').split('\n').find((l) => l.startsWith('ExecStart='));
  if (!line) throw new Error(`${UNIT_FILE} has no ExecStart`);
  const [, ...words] = line.slice('ExecStart='.length).trim().split(/\s+/);
  const at = words.findIndex((w) => !w.startsWith('-'));
  return { nodeFlags: words.slice(0, at), script: words[at] as string, args: words.slice(at + 1) };
}
