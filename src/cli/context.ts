import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';

/** What a command may use of the outside world; main.ts builds it from `process`. */
export interface CliContext {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** The system clock in the binary; commands read and wait on time through it. */
  clock: Clock;
  out(line: string): void;
  err(line: string): void;
  /** Root logger (JSON to stderr) at the given level. */
  logger(level: string): Logger;
  /** Resolves with the signal name when the process is asked to stop (SIGINT, SIGTERM). */
  shutdownRequested(): Promise<string>;
  isTTY: boolean;
  /** Raw standard streams, for commands that stream data (`kakou ais decode -`). */
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

export interface Command {
  name: string;
  usage: string;
  run(ctx: CliContext, args: string[]): Promise<number>;
}

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;
