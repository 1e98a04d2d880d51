/**
 * How failures become HTTP answers: schema failures 400 naming the field,
 * bodies over the limit 413, usage errors (an unknown objective task) 400,
 * anything else 500 with no internals in the body.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { UsageError } from '../errors.ts';

export interface ErrorBody {
  error: string;
  /** The request field at fault, when one is. */
  field?: string;
}

export function sendError(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const e = error as FastifyError;
  if (e.validation) {
    const first = e.validation[0];
    const params = (first?.params ?? {}) as { missingProperty?: string };
    const path = (first?.instancePath ?? '').replace(/^\//, '');
    const field = params.missingProperty ?? (path.replace(/\//g, '.') || '');
    const where = e.validationContext ?? 'request';
    return reply.code(400).send({
      error: `${where}${field ? `.${field}` : ''}: ${first?.message ?? e.message}`,
      field: field || undefined,
    } satisfies ErrorBody);
  }
  if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return reply.code(413).send({ error: e.message } satisfies ErrorBody);
  }
  if (error instanceof UsageError) {
    return reply.code(400).send({ error: error.message } satisfies ErrorBody);
  }
  const status = e.statusCode && e.statusCode < 500 ? e.statusCode : 500;
  if (status === 500) request.log.error(error);
  const message = status === 500 ? 'internal error' : e.message;
  return reply.code(status).send({ error: message } satisfies ErrorBody);
}
