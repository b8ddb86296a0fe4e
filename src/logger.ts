import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Personal data never reaches the log: ID numbers and phone numbers are redacted wherever they
 * appear under these keys, and passwords and tokens are removed outright.
 */
const REDACT_PATHS = [
  'password', '*.password', 'token', '*.token', 'setupToken', 'cookie', 'req.headers.cookie',
  'req.headers.authorization', 'idNumber', '*.idNumber', 'phone', '*.phone', '*.*.phone',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { svc: 'kakou' },
    redact: { paths: REDACT_PATHS, censor: '[masked]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
