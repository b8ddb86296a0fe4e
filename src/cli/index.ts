import { PACKAGE_VERSION } from '../paths.js';
import { configCheckCommand } from './config-check.js';
import { EXIT, type CliContext, type Command } from './context.js';
import { demoCommand } from './demo.js';
import { reportError } from './report-error.js';
import { serveCommand } from './serve.js';

export const COMMANDS: readonly Command[] = [serveCommand, demoCommand, configCheckCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: kakou <command> [options]',
    '',
    'Kakou (卡口) is an edge inspection node for maritime and hazmat checkpoints.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "kakou <command> --help" for a command\'s options.',
  ].join('\n');
}

/** Runs the CLI; returns the process exit code. Never touches `process` itself. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    ctx.out(help());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === 'version') {
    ctx.out(PACKAGE_VERSION);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    ctx.err(`kakou: KAKOU_E_CLI_USAGE: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  try {
    return await command.run(ctx, rest);
  } catch (err) {
    return reportError(ctx, err);
  }
}
