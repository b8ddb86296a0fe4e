import { createRequire } from 'node:module';
import type * as PinoModule from 'pino';
import type { DestinationStream, Logger } from 'pino';

export type { Logger };

/**
 * Personal data never reaches the log: ID numbers and phone numbers are redacted wherever they
 * appear under these keys, and passwords and tokens are removed outright.
 */
const REDACT_PATHS = [
  'password',
  '*.password',
  'token',
  '*.token',
  'setupToken',
  'cookie',
  'req.headers.cookie',
  'req.headers.authorization',
  'idNumber',
  '*.idNumber',
  'phone',
  '*.phone',
  '*.*.phone',
];

type Pino = typeof PinoModule;
let loaded: Pino | null = null;
/** pino is loaded on first use: a command that never logs (kakou ais decode) does not pay for loading it. */
function pinoModule(): Pino {
  loaded ??= createRequire(import.meta.url)('pino') as Pino;
  return loaded;
}

/** Synchronous standard error, for CLI commands whose standard output carries their results. */
export function stderrDestination(): DestinationStream {
  return pinoModule().pino.destination({ fd: 2, sync: true });
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const { pino } = pinoModule();
  const options = {
    level,
    base: { svc: 'kakou' },
    redact: { paths: REDACT_PATHS, censor: '[masked]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
