import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { ErrorBody } from '../../contract/crm';
import { ApiError } from '../core/api-error';
import { transientCause } from '../core/transient';
import { DuplicateContactError } from '../store/objects';
import { REFERRER_POLICY, securityHeaders } from './security-headers';

function body(
  request: FastifyRequest,
  status: number,
  category: string,
  message: string,
  extra: ApiError['extra'] = {},
): ErrorBody {
  return { status: 'error', message, correlationId: request.id, category, ...extra };
}

/** zod issues as one line a person can act on: `properties.amount: expected string; limit: too big`. */
function describeValidation(error: FastifyError): string {
  const where =
    error.validationContext === 'querystring'
      ? 'query string'
      : error.validationContext === 'params'
        ? 'path'
        : 'request body';
  const issues = (error.validation ?? []).map((v) => {
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    return path ? `${path}: ${v.message}` : (v.message ?? 'invalid');
  });
  return `Invalid ${where}: ${issues.join('; ')}`;
}

/** Installs the HubSpot-shaped answers for every error and for unknown routes. */
export function installErrorHandling(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-hubspot-correlation-id', request.id);
    return payload;
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    reply
      .code(404)
      .send(
        body(
          request,
          404,
          'OBJECT_NOT_FOUND',
          `Unable to route ${request.method} ${path}: there is no such endpoint. See /openapi.json for the ones mailtrail has.`,
        ),
      );
  });

  app.setErrorHandler((error: FastifyError, request, reply: FastifyReply) => {
    if (error instanceof ApiError) {
      reply.headers(error.headers);
      return reply
        .code(error.statusCode)
        .send(body(request, error.statusCode, error.category, error.message, error.extra));
    }
    if (error instanceof DuplicateContactError) {
      return reply
        .code(409)
        .send(
          body(
            request,
            409,
            'CONFLICT',
            error.message,
            error.existingId === undefined ? {} : { context: { existingId: [String(error.existingId)] } },
          ),
        );
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      // An unknown object type in the path gets HubSpot's own sentence rather than "Invalid path: …".
      const objectType =
        error.validationContext === 'params'
          ? error.validation?.find((v) => v.message?.startsWith('Unable to infer object type'))
          : undefined;
      return reply
        .code(400)
        .send(body(request, 400, 'VALIDATION_ERROR', objectType?.message ?? describeValidation(error)));
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(400).send(body(request, 400, 'VALIDATION_ERROR', `Invalid input JSON: ${error.message}`));
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply
          .code(413)
          .send(
            body(
              request,
              413,
              'PAYLOAD_TOO_LARGE',
              `The request body is larger than this endpoint accepts (${request.routeOptions.bodyLimit ?? 'the limit'} bytes). Send fewer records per batch or a smaller email.`,
            ),
          );
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply
          .code(415)
          .send(body(request, 415, 'VALIDATION_ERROR', 'Send the body as JSON with Content-Type: application/json'));
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply
          .code(400)
          .send(body(request, 400, 'VALIDATION_ERROR', 'The Content-Length header does not match the body'));
    }
    // Any other 4xx Fastify raised itself (e.g. a malformed URL) keeps its status.
    if (
      error.statusCode &&
      error.statusCode >= 400 &&
      error.statusCode < 500 &&
      !isResponseSerializationError(error as never)
    ) {
      return reply.code(error.statusCode).send(body(request, error.statusCode, 'VALIDATION_ERROR', error.message));
    }
    // The database away (restarting, failing over, unreachable): a retry will do, and the client is told so.
    if (transientCause(error) === 'database') {
      request.log.warn({ err: error }, 'request failed: the database is unavailable');
      return reply
        .code(503)
        .header('retry-after', '5')
        .send(
          body(
            request,
            503,
            'INTERNAL_ERROR',
            `The database cannot be reached right now (it may be restarting). Retry in a few seconds; report correlation id ${request.id} if it lasts.`,
          ),
        );
    }
    request.log.error({ err: error }, 'request failed');
    return reply
      .code(500)
      .send(
        body(
          request,
          500,
          'INTERNAL_ERROR',
          `An unexpected error occurred on the server. Retry; if it happens again, report it with correlation id ${request.id}.`,
        ),
      );
  });
}

/**
 * Errors Fastify answers before any route runs (a malformed URL, a path parameter over `maxParamLength`), in
 * HubSpot's shape too, unless a surface answers its own URLs (the pixel must answer with its image whatever the
 * URL). The `frameworkErrors` option of the Fastify constructor.
 */
export function frameworkErrors(surfaceAnswers: (url: string, reply: FastifyReply) => boolean) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    // No hook runs for these answers: they carry the security headers themselves.
    reply.headers({ ...securityHeaders(request.raw.url ?? ''), 'referrer-policy': REFERRER_POLICY });
    if (surfaceAnswers(request.raw.url ?? '', reply)) return;
    const message =
      error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? 'A part of the path is longer than this server takes (500 characters): check the id or name in the URL'
        : error.code === 'FST_ERR_BAD_URL'
          ? 'The path is not a valid URL: it has a broken %-escape or bytes that are not UTF-8'
          : error.message;
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
    reply.code(status).send(body(request, status, 'VALIDATION_ERROR', message));
  };
}

/**
 * What node's HTTP parser refuses before Fastify sees a request: headers over node's 16 KiB (431), a request that is
 * not HTTP (400), one too slow to arrive (408). Same shape as every other error; there is no request id yet, so a
 * fresh correlation id. The `clientErrorHandler` option of the Fastify constructor.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are larger than this server takes (16 KiB in all): send fewer or shorter headers']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request took too long to arrive; send it again']
        : [400, 'The request is not valid HTTP/1.1'];
  const body = JSON.stringify({ status: 'error', message, correlationId: randomUUID(), category: 'VALIDATION_ERROR' });
  this.log.debug({ err, status }, 'refused by the HTTP parser');
  // A HEAD request gets the head alone: its client reads no body, and would take one for garbage.
  const head = (err as { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
  const headers = Object.entries({ ...securityHeaders(''), 'referrer-policy': REFERRER_POLICY })
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n${headers}Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${head ? '' : body}`,
    );
  }
  socket.destroy(err);
}
