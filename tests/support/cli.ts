import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'main.js');

export interface RunningCli {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `re` in stdout or stderr. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; ms: number }>;
}

/** Spawns the built CLI as a real child process. */
export function startCli(args: string[], env: Record<string, string> = {}, cwd?: string): RunningCli {
  return startCommand(process.execPath, [MAIN, ...args], env, cwd);
}

/** Spawns any command (an installed `kakou`, say) with the same watching and stopping as startCli. */
export function startCommand(
  command: string,
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): RunningCli {
  const proc = spawn(command, args, {
    env: { ...process.env, ...env },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: Array<() => void> = [];
  const poke = () => {
    for (const w of waiters) w();
  };
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    poke();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    poke();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => {
      resolve({ code, signal });
      poke();
    }),
  );
  return {
    proc,
    stdout: () => out,
    stderr: () => err,
    waitFor(re, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${re}\nstdout:\n${out}\nstderr:\n${err.slice(-3000)}`)),
          timeoutMs,
        );
        const check = () => {
          const m = out.match(re) ?? err.match(re);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          } else if (proc.exitCode !== null) {
            clearTimeout(timer);
            reject(
              new Error(
                `process exited (${proc.exitCode}) before ${re}\nstdout:\n${out}\nstderr:\n${err.slice(-3000)}`,
              ),
            );
          }
        };
        waiters.push(check);
        check();
      });
    },
    exited,
    async stop(signal = 'SIGTERM') {
      const t0 = Date.now();
      if (proc.exitCode === null) proc.kill(signal);
      const { code } = await exited;
      return { code, ms: Date.now() - t0 };
    },
  };
}

/** Runs the CLI to completion. */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const c = startCli(args, env, cwd);
  const { code } = await c.exited;
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}
