import { PACKAGE_VERSION } from '../paths.js';
import { EXIT, type CliContext, type Command } from './context.js';
import { reportError } from './report-error.js';

interface CommandEntry {
  name: string;
  summary: string;
  /** Loaded on use, so `kakou --help` or `kakou check` does not pay for fastify, MQTT and SQLite. */
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'serve',
    summary: 'run the node against the configured site broker',
    load: async () => (await import('./serve.js')).serveCommand,
  },
  {
    name: 'demo',
    summary: 'run the whole node on embedded defaults with simulated checkpoint traffic',
    load: async () => (await import('./demo.js')).demoCommand,
  },
  {
    name: 'central',
    summary: 'run the reference central receiver (uplink, node reports, snapshots)',
    load: async () => (await import('./central.js')).centralCommand,
  },
  {
    name: 'snapshot',
    summary: 'import, verify, inspect or build signed credit snapshots',
    load: async () => (await import('./snapshot.js')).snapshotCommand,
  },
  {
    name: 'score',
    summary: 'score subjects described in JSON Lines under a targeting policy, one decision per line',
    load: async () => (await import('./score.js')).scoreCommand,
  },
  {
    name: 'backtest',
    summary: 'replay passages under a policy: selection rates, capacity, hit rates and lift, as text and HTML',
    load: async () => (await import('./backtest.js')).backtestCommand,
  },
  {
    name: 'policy',
    summary: "fit a policy's factor prices to recorded outcomes, or compare two policies at the same capacity",
    load: async () => (await import('./policy.js')).policyCommand,
  },
  {
    name: 'verify-draws',
    summary: "recompute a shift's random draws from its revealed seed and check every selection",
    load: async () => (await import('./verify-draws.js')).verifyDrawsCommand,
  },
  {
    name: 'ais',
    summary: 'decode AIS NMEA to JSON Lines, or replay a capture into a broker',
    load: async () => (await import('./ais.js')).aisCommand,
  },
  {
    name: 'backup',
    summary: "back up the node's database and photos while it runs (SQLite online backup)",
    load: async () => (await import('./backup.js')).backupCommand,
  },
  {
    name: 'restore',
    summary: "put a backup in place of a stopped node's database, after checking it",
    load: async () => (await import('./backup.js')).restoreCommand,
  },
  {
    name: 'certs',
    summary: "make a self-signed TLS certificate for a site without a CA, or print a certificate's pin",
    load: async () => (await import('./certs.js')).certsCommand,
  },
  {
    name: 'keys',
    summary: 'generate an Ed25519 key pair for signing snapshots',
    load: async () => (await import('./keys.js')).keysCommand,
  },
  {
    name: 'conformance',
    summary: 'run the node side of the uplink contract against a central and print what it answered',
    load: async () => (await import('./conformance.js')).conformanceCommand,
  },
  {
    name: 'check',
    summary: 'validate a configuration file and the device profiles it loads',
    load: async () => (await import('./config-check.js')).configCheckCommand,
  },
];

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
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    ctx.err(`kakou: KAKOU_E_CLI_USAGE: unknown command "${name}"\n\n${help()}`);
    return EXIT.usage;
  }
  try {
    return await (await entry.load()).run(ctx, rest);
  } catch (err) {
    return reportError(ctx, err);
  }
}
