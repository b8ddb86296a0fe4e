import { LogController, type FastifyBaseLogger } from 'fastify';
import type { Logger } from '../logger.js';

/** Options shared by the node's and the central's HTTP apps: our pino child logger, no per-request log lines. */
export function fastifyOptions(log: Logger, bodyLimit: number, https?: { cert: Buffer; key: Buffer; ca?: Buffer; requestCert?: boolean; rejectUnauthorized?: boolean }) {
  return {
    ...(https && { https }),
    // pino's Logger is wider than FastifyBaseLogger; narrowing keeps route types on the default instance type.
    loggerInstance: log as FastifyBaseLogger,
    // Per-request lines would flood a terminal that polls; errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    trustProxy: false,
  };
}
