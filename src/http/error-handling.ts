import type { FastifyError, FastifyInstance } from 'fastify';
import { ERRORS, isKakouError } from '../errors.js';

export interface ErrorBody {
  error: { code: string; message: string; details: readonly string[] };
}

/** Every error leaves the API as { error: { code, message, details } } with a KAKOU_E_ code. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (isKakouError(err)) {
      const body: ErrorBody = { error: { code: err.code, message: err.message, details: err.details } };
      return reply.status(err.status).send(body);
    }
    if ((err as { code?: string }).code === 'SQLITE_FULL' || (err as { code?: string }).code === 'SQLITE_IOERR_WRITE') {
      // The write was refused whole: tell the officer plainly that nothing was saved.
      req.log.error({ err }, 'write refused: storage full');
      return reply
        .status(507)
        .send({ error: { code: 'KAKOU_E_STORAGE_FULL', message: ERRORS.KAKOU_E_STORAGE_FULL.text, details: [] } });
    }
    if (err.validation) {
      const details = err.validation.map(
        (v) => `${v.instancePath || err.validationContext || 'body'} ${v.message ?? 'is invalid'}`,
      );
      return reply
        .status(400)
        .send({ error: { code: 'KAKOU_E_API_VALIDATION', message: ERRORS.KAKOU_E_API_VALIDATION.text, details } });
    }
    if (err.statusCode === 413) {
      const text = ERRORS.KAKOU_E_BODY_TOO_LARGE.text;
      return reply
        .status(413)
        .send({ error: { code: 'KAKOU_E_BODY_TOO_LARGE', message: text, details: [err.message] } });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      // fastify's own 4xx (bad JSON, wrong content type, body too large) keep their status.
      return reply
        .status(err.statusCode)
        .send({ error: { code: 'KAKOU_E_API_VALIDATION', message: err.message, details: [err.code] } });
    }
    req.log.error({ err }, 'request failed');
    return reply
      .status(500)
      .send({ error: { code: 'KAKOU_E_INTERNAL', message: ERRORS.KAKOU_E_INTERNAL.text, details: [] } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({
      error: {
        code: 'KAKOU_E_API_NOT_FOUND',
        message: ERRORS.KAKOU_E_API_NOT_FOUND.text,
        details: [`${req.method} ${req.url.split('?')[0]}`],
      },
    });
  });
}
