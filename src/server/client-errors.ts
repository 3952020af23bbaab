import type { onRequestHookHandler } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { errorMessages, type ErrorKind, type RenderError } from '../errors.js';
import { derivedRequestId, type SendError } from './error-reply.js';

export interface ClientErrorSettings {
  readonly renderError: RenderError;
  readonly seed: number;
  readonly clock: () => Date;
  readonly requestTimeoutMs: number;
  readonly maxHeaderSize: number;
}

/** Status and body of an envelope for an answer Node would otherwise give on its own (no request reaches Fastify). */
function envelope(settings: ClientErrorSettings, kind: ErrorKind, message: string, cause: string): { status: number; body: string } {
  const timestamp = Math.floor(settings.clock().getTime() / 1000);
  return settings.renderError(kind, message, { timestamp, request_id: derivedRequestId(settings.seed, 'client-error', cause, timestamp) });
}

function writeEnvelope(socket: Duplex, settings: ClientErrorSettings, kind: ErrorKind, message: string, cause: string): void {
  const { status, body } = envelope(settings, kind, message, cause);
  socket.end(
    `HTTP/1.1 ${status} ${String(STATUS_CODES[status])}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** CONNECT never reaches Fastify: Node hands it to the server's 'connect' event, or drops the socket silently. */
export function createConnectHandler(
  settings: ClientErrorSettings,
  endpointPath: string,
): (request: IncomingMessage, socket: Duplex) => void {
  return (_request, socket) =>
    writeEnvelope(socket, settings, 'methodNotAllowed', errorMessages.methodNotAllowed('CONNECT', endpointPath), 'CONNECT');
}

/**
 * An Expect other than 100-continue never reaches Fastify: Node answers a bare 417 unless the server listens for
 * 'checkExpectation'. Decision: 10001 with HTTP 400, the status the spec documents for that code (it documents no 417).
 * The body the client may still send is not read, so the connection closes.
 */
export function createExpectationHandler(settings: ClientErrorSettings): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const { status, body } = envelope(
      settings,
      'invalidParameter',
      errorMessages.unsupportedExpectation(String(request.headers.expect)),
      'expect',
    );
    response
      .writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        connection: 'close',
      })
      .end(body);
  };
}

/**
 * Answers what Node's HTTP parser refuses before Fastify sees a request (a slow client, oversized headers,
 * bytes that are not HTTP) with the vendor's envelope instead of a bare framework error, then closes.
 */
export function createClientErrorHandler(settings: ClientErrorSettings): (error: NodeJS.ErrnoException, socket: Socket) => void {
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    let kind: ErrorKind = 'invalidParameter';
    let message = errorMessages.malformedHttp();
    if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
      kind = 'requestTimeout';
      message = errorMessages.requestTimeout(settings.requestTimeoutMs);
    } else if (error.code === 'HPE_HEADER_OVERFLOW') {
      kind = 'headersTooLarge';
      message = errorMessages.headersTooLarge(settings.maxHeaderSize);
    }
    writeEnvelope(socket, settings, kind, message, String(error.code));
  };
}

/**
 * RFC 9112 requires a Host header in HTTP/1.1. Node refuses a request without one with a bare 400 of its own
 * (requireHostHeader), before Fastify sees it; the server turns that off and refuses it here, in the envelope, closing
 * the connection as Node would.
 */
export function requireHost(sendError: SendError): onRequestHookHandler {
  return (request, reply, done) => {
    if (request.headers.host !== undefined || request.raw.httpVersion !== '1.1') return done();
    reply.header('connection', 'close');
    sendError(request, reply, 'invalidParameter', errorMessages.missingHost());
  };
}
