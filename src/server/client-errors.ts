import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { errorMessages, type ErrorKind, type ErrorRegistry } from '../errors.js';
import { derivedRequestId } from './request-id.js';

export interface ClientErrorSettings {
  readonly errors: ErrorRegistry;
  readonly seed: number;
  readonly clock: () => Date;
  readonly requestTimeoutMs: number;
  readonly maxHeaderSize: number;
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
    const { status, code } = settings.errors[kind];
    const timestamp = Math.floor(settings.clock().getTime() / 1000);
    const body = JSON.stringify({ code, data: null, message, timestamp, request_id: derivedRequestId(settings.seed, 'client-error', String(error.code), timestamp) });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}
