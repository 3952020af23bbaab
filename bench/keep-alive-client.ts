import { connect, type Socket } from 'node:net';
import { ENDPOINT_PATH } from './requests.js';

/** What kept-alive clients saw while a server drained: every request they wrote is answered or counted as lost. */
export interface KeepAliveTally {
  /** Requests written to a socket. */
  sent: number;
  /** Complete answers, by status. */
  statuses: Record<string, number>;
  /** Answers that carried `Connection: close`. */
  answeredWithClose: number;
  /** Requests written and never answered: the connection was reset or closed first. */
  lost: number;
  /** Connection attempts refused (nothing written): the server had stopped accepting. */
  refused: number;
  /** Connections opened (the first ones, and new ones after a `Connection: close`). */
  connections: number;
}

interface Exchange {
  readonly status: number;
  readonly close: boolean;
}

/** One connection: writes a request, reads its answer (head and Content-Length body), and so on. */
class Connection {
  private buffered = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private ended = false;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, data]);
      this.wake?.();
    });
    const end = (): void => {
      this.ended = true;
      this.wake?.();
    };
    socket.on('close', end);
    socket.on('error', end);
  }

  /** A connected socket, or the error code of the refusal. */
  static open(port: number): Promise<Connection | string> {
    return new Promise((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.setNoDelay(true);
      socket.once('connect', () => resolve(new Connection(socket)));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
  }

  get closed(): boolean {
    return this.ended;
  }

  /** The answer to one request, or undefined when the connection ended before it was complete. */
  async exchange(request: string): Promise<Exchange | undefined> {
    if (this.ended) return undefined;
    this.socket.write(request);
    for (;;) {
      const end = this.buffered.indexOf('\r\n\r\n');
      if (end >= 0) {
        const head = this.buffered.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (this.buffered.length >= end + 4 + length) {
          this.buffered = this.buffered.subarray(end + 4 + length);
          return { status: Number(head.slice(9, 12)), close: /\r\nconnection: *close/i.test(head) };
        }
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export interface KeepAliveOptions {
  readonly port: number;
  readonly connections: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * `connections` clients, each sending its next request on a kept-alive connection as soon as the last is answered,
 * and opening a new connection when told `Connection: close`, until `stop()` or until the server refuses to connect.
 */
export function runKeepAliveClients(options: KeepAliveOptions): {
  readonly tally: KeepAliveTally;
  readonly finished: Promise<void>;
  stop(): void;
} {
  const tally: KeepAliveTally = { sent: 0, statuses: {}, answeredWithClose: 0, lost: 0, refused: 0, connections: 0 };
  const head = Object.entries({
    host: '127.0.0.1',
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(options.body)),
    ...options.headers,
  })
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  const request = `POST ${ENDPOINT_PATH} HTTP/1.1\r\n${head}\r\n\r\n${options.body}`;
  let stopped = false;
  const open = new Set<Connection>();
  const client = async (): Promise<void> => {
    while (!stopped) {
      const connection = await Connection.open(options.port);
      if (typeof connection === 'string') {
        tally.refused++;
        return;
      }
      tally.connections++;
      open.add(connection);
      while (!stopped && !connection.closed) {
        tally.sent++;
        const answer = await connection.exchange(request);
        if (answer === undefined) {
          tally.lost++;
          break;
        }
        tally.statuses[answer.status] = (tally.statuses[answer.status] ?? 0) + 1;
        if (answer.close) {
          tally.answeredWithClose++;
          break;
        }
      }
      connection.destroy();
      open.delete(connection);
    }
  };
  const finished = Promise.all(Array.from({ length: options.connections }, () => client())).then(() => undefined);
  return {
    tally,
    finished,
    /** Ends every client now (what is in flight counts as lost): for a run that went wrong. */
    stop: () => {
      stopped = true;
      for (const connection of open) connection.destroy();
    },
  };
}
