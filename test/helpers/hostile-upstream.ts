import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, constants, deflateSync, gzipSync } from 'node:zlib';

/** How a hostile upstream answers every request (any method, any path). */
export type HostileAnswer =
  /** Gzip members of 1 MiB of spaces each, one after another, for ever (each member inflates to 1 MiB). */
  | 'endless-gzip'
  /** Plain chunks of 64 KiB, for ever. */
  | 'endless-chunked'
  /** One br body of 64 MiB of spaces, about 100 bytes on the wire. */
  | 'br-bomb'
  /** One deflate body of 64 MiB of spaces, about 64 KiB on the wire. */
  | 'deflate-bomb'
  /** Headers at once, then a byte of body now and then, for ever. */
  | 'trickle'
  /** Nothing at all: the request is read and never answered. */
  | 'silent';

export interface HostileUpstream {
  readonly baseUrl: string;
  /** Requests received so far. */
  requests(): number;
  /** Answers whose connection the client closed before the end (all of them, for an endless answer). */
  abandoned(): number;
  /** How many bytes the server wrote on the wire, all answers together. */
  written(): number;
  close(): Promise<void>;
}

const MIB = 1024 * 1024;
const spaces = (bytes: number): Buffer => Buffer.alloc(bytes, ' ');
let member: Buffer | undefined;
let bombs: { br: Buffer; deflate: Buffer } | undefined;

/** A server on a free loopback port that answers every request the same hostile way (HTTP 200, JSON content type). */
export async function startHostileUpstream(answer: HostileAnswer): Promise<HostileUpstream> {
  member ??= gzipSync(spaces(MIB));
  bombs ??= {
    br: brotliCompressSync(spaces(64 * MIB), { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }),
    deflate: deflateSync(spaces(64 * MIB)),
  };
  const gzipMember = member;
  const compressed = bombs;
  let requests = 0;
  let abandoned = 0;
  let written = 0;
  const open = new Set<ServerResponse>();
  const timers = new Set<NodeJS.Timeout>();

  /** Writes `next()` whenever the socket drains, until the client goes away. */
  const pump = (response: ServerResponse, next: () => Buffer): void => {
    const write = (): void => {
      while (!response.destroyed) {
        const chunk = next();
        written += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', write);
          return;
        }
      }
    };
    write();
  };

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    requests++;
    open.add(response);
    response.on('close', () => {
      open.delete(response);
      if (!response.writableFinished) abandoned++;
    });
    request.resume();
    request.on('end', () => {
      const json = { 'content-type': 'application/json' };
      switch (answer) {
        case 'endless-gzip':
          response.writeHead(200, { ...json, 'content-encoding': 'gzip' });
          return pump(response, () => gzipMember);
        case 'endless-chunked':
          response.writeHead(200, json);
          return pump(response, () => spaces(64 * 1024));
        case 'br-bomb':
        case 'deflate-bomb': {
          const body = answer === 'br-bomb' ? compressed.br : compressed.deflate;
          response.writeHead(200, { ...json, 'content-encoding': answer === 'br-bomb' ? 'br' : 'deflate', 'content-length': body.length });
          written += body.length;
          response.end(body);
          return;
        }
        case 'trickle': {
          response.writeHead(200, json);
          response.write('{');
          const timer = setInterval(() => {
            if (response.destroyed) return clearInterval(timer);
            written++;
            response.write(' ');
          }, 50);
          timers.add(timer);
          return;
        }
        case 'silent':
          return;
      }
    });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests: () => requests,
    abandoned: () => abandoned,
    written: () => written,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
