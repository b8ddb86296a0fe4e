import {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { ERRORS } from '../errors.js';
import type { Logger } from '../logger.js';

/** Options shared by the node's and the central's HTTP apps: our pino child logger, no per-request log lines. */
export function fastifyOptions(
  log: Logger,
  bodyLimit: number,
  https?: { cert: Buffer; key: Buffer; ca?: Buffer; requestCert?: boolean; rejectUnauthorized?: boolean },
) {
  return {
    ...(https && { https }),
    // pino's Logger is wider than FastifyBaseLogger; narrowing keeps route types on the default instance type.
    loggerInstance: log as FastifyBaseLogger,
    // Per-request lines would flood a terminal that polls; errors are still logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    trustProxy: false,
    // A URL the router cannot even read (bad percent-encoding, a parameter past maxParamLength)
    // gets the same coded answer as any other invalid request.
    frameworkErrors: (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
      return reply.status(status).send({
        error: {
          code: 'KAKOU_E_API_VALIDATION',
          message: ERRORS.KAKOU_E_API_VALIDATION.text,
          details: [`${err.code}: ${err.message}`],
        },
      });
    },
  };
}
