#!/usr/bin/env node
import { systemClock } from './clock.js';
import { runCli } from './cli/index.js';
import type { CliContext } from './cli/context.js';
import { createLogger, stderrDestination } from './logger.js';

/** The only file that touches `process`: arguments, environment, signals and the exit code. */
const SHUTDOWN_GRACE_MS = 5_000;

let shutdownSignal: Promise<string> | null = null;
function shutdownRequested(): Promise<string> {
  shutdownSignal ??= new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      // A second signal, or a stop that overruns its grace period, ends the process at once.
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      systemClock
        .after(SHUTDOWN_GRACE_MS, () => {
          process.stderr.write(`kakou: stop took longer than ${SHUTDOWN_GRACE_MS} ms, exiting\n`);
          process.exit(1);
        })
        .unref();
      resolve(signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  return shutdownSignal;
}

const ctx: CliContext = {
  env: process.env,
  cwd: process.cwd(),
  clock: systemClock,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  // Logs go to stderr so stdout stays clean for command output (JSON lines, reports).
  logger: (level) => createLogger(level, stderrDestination()),
  shutdownRequested,
  isTTY: process.stdout.isTTY === true,
  stdin: process.stdin,
  stdout: process.stdout,
};

process.on('unhandledRejection', (err) => {
  process.stderr.write(`kakou: unhandled rejection: ${err instanceof Error ? err.stack : String(err)}\n`);
});

const code = await runCli(process.argv.slice(2), ctx);
process.exitCode = code;
// Long-running commands leave no handles behind; short ones may leave an idle socket, so end explicitly.
systemClock.after(100, () => process.exit(code)).unref();
