import { connect, type Socket } from 'node:net';
import autocannon from 'autocannon';
import { ENDPOINT_PATH } from './requests.js';

/** What an attacking client saw: answers by status, and connections that ended without one. */
export interface AttackTally {
  requests: number;
  statuses: Record<string, number>;
  /** Connection errors and resets (autocannon's errors, or a raw connection closed without an answer). */
  errors: number;
  /** Raw clients only: connections the server closed at once, without a byte (past --max-connections). */
  dropped?: number;
  /** Raw clients only: the most connections open at once. */
  peakOpen?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const count = (tally: AttackTally, status: string): void => {
  tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
};

/**
 * A request flood from `connections` kept-alive connections for `seconds` (or until `amount` requests are answered),
 * each request made by `make(n)` (the n-th request of the run): a new token, body, seed or period per request.
 */
export async function flood(
  port: number,
  seconds: number,
  connections: number,
  make: (n: number) => { readonly headers: Record<string, string>; readonly body: string },
  amount?: number,
): Promise<AttackTally> {
  let n = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    ...(amount === undefined ? {} : { amount }),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        path: ENDPOINT_PATH,
        setupRequest: (request) => {
          const { headers, body } = make(n++);
          return { ...request, headers: { 'content-type': 'application/json', ...headers }, body };
        },
      },
    ],
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, stats.count ?? 0]));
  return { requests: result.requests.total, statuses, errors: result.errors + result.timeouts };
}

interface RawOutcome {
  readonly status: string;
  readonly dropped: boolean;
}

/**
 * One raw connection that writes `head`, then each of `pieces` after `pauseMs`, until the server answers or closes;
 * resolves with the answer's status ('none' when closed without one) and whether it was closed before anything was
 * written (past the server's connection cap).
 */
function rawClient(
  port: number,
  head: string,
  pieces: Iterable<string>,
  pauseMs: number,
  open: { now: number; peak: number },
): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket: Socket = connect({ port, host: '127.0.0.1' });
    socket.setNoDelay(true);
    let received = '';
    let connected = false;
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      if (connected) open.now--;
      socket.destroy();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 'none';
      resolve({ status, dropped: status === 'none' && received === '' && !wrote });
    };
    let wrote = false;
    socket.on('data', (data: Buffer) => {
      received += data.toString('latin1');
      if (received.includes('\r\n\r\n')) finish();
    });
    socket.on('close', finish);
    socket.on('error', finish);
    const send = async (): Promise<void> => {
      connected = true;
      open.now++;
      open.peak = Math.max(open.peak, open.now);
      // A connection past the cap is closed at once: wait a moment before writing, to tell it apart.
      await sleep(20);
      if (finished) return;
      wrote = true;
      socket.write(head);
      // Each piece handed to the kernel before the next (with no delay: its own TCP segment), so it arrives as a drip.
      for (const piece of pieces) {
        if (pauseMs > 0) await sleep(pauseMs);
        if (finished) return;
        await new Promise<void>((written) => socket.write(piece, () => written()));
      }
    };
    socket.once('connect', () => void send());
  });
}

const head = (headers: Record<string, string>, contentLength: number): string =>
  `POST ${ENDPOINT_PATH} HTTP/1.1\r\n${Object.entries({
    host: '127.0.0.1',
    'content-type': 'application/json',
    'content-length': String(contentLength),
    ...headers,
  })
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n')}\r\n\r\n`;

/** Starts `perSecond` raw clients a second for `seconds`, each made by `start`; resolves when every one has ended. */
async function rawWaves(
  seconds: number,
  perSecond: number,
  start: (open: { now: number; peak: number }) => Promise<RawOutcome>,
): Promise<AttackTally> {
  const tally: AttackTally = { requests: 0, statuses: {}, errors: 0, dropped: 0, peakOpen: 0 };
  const open = { now: 0, peak: 0 };
  const running: Promise<void>[] = [];
  const started = performance.now();
  const tick = 50;
  while (performance.now() - started < seconds * 1000) {
    for (let i = 0; i < Math.round((perSecond * tick) / 1000); i++) {
      tally.requests++;
      running.push(
        start(open).then((outcome) => {
          if (outcome.dropped) tally.dropped = (tally.dropped ?? 0) + 1;
          else if (outcome.status === 'none') tally.errors++;
          else count(tally, outcome.status);
        }),
      );
    }
    await sleep(tick);
  }
  await Promise.all(running);
  tally.peakOpen = open.peak;
  return tally;
}

/** Slow bodies: a complete head, then the body a byte a second (it would take 100 s), `perSecond` new ones a second. */
export function slowBodies(port: number, seconds: number, perSecond: number): Promise<AttackTally> {
  const body = JSON.stringify({ filter: { region: 'US' }, pagesize: 10, padding: 'x'.repeat(60) });
  return rawWaves(seconds, perSecond, (open) =>
    rawClient(port, head({ authorization: 'Bearer slow-body' }, body.length), body.split(''), 1000, open),
  );
}

/**
 * Fast drips: `concurrency` connections at all times for `seconds`, each writing a 60 KB body a byte at a time, as fast
 * as the socket takes it (a new one starts when one ends). Before bodies were read into one buffer, 50 of these held
 * ~3 MB each.
 */
export async function dripBodies(port: number, seconds: number, concurrency: number): Promise<AttackTally> {
  const size = 60_000;
  function* bytes(): Generator<string> {
    yield '{';
    for (let i = 1; i < size - 1; i++) yield ' ';
    yield '}';
  }
  const tally: AttackTally = { requests: 0, statuses: {}, errors: 0, dropped: 0, peakOpen: 0 };
  const open = { now: 0, peak: 0 };
  const until = performance.now() + seconds * 1000;
  const lane = async (): Promise<void> => {
    while (performance.now() < until) {
      tally.requests++;
      const outcome = await rawClient(port, head({ authorization: 'Bearer drip' }, size), bytes(), 0, open);
      if (outcome.dropped) tally.dropped = (tally.dropped ?? 0) + 1;
      else if (outcome.status === 'none') tally.errors++;
      else count(tally, outcome.status);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  tally.peakOpen = open.peak;
  return tally;
}

/** Requests without a token asking for a minute's latency, `perSecond` new connections a second. */
export function unauthenticatedLatency(port: number, seconds: number, perSecond: number): Promise<AttackTally> {
  return rawWaves(seconds, perSecond, (open) => rawClient(port, `${head({ prefer: 'latency=60000' }, 2)}{}`, [], 0, open));
}

/**
 * Pipelining without reading: `connections` sockets at all times for `seconds`, each writing up to `perSocket` requests,
 * 100 at a time as fast as the kernel takes them, and never reading an answer; a new one starts 10 ms after the server
 * closes one. Before connections were read one waiting request at a time, 8 of these writing 5,000 requests each took
 * the fake from 73 MB to 3 GB. `requests` counts the requests the kernel took; `errors` the connections the server
 * closed while writing (a socket that is not read does not see its peer close otherwise).
 */
export async function pipelineWithoutReading(port: number, seconds: number, connections: number, perSocket: number): Promise<AttackTally> {
  const body = '{"pagesize":10}';
  const batch = 100;
  const text = `${head({ authorization: 'Bearer pipelining' }, body.length)}${body}`.repeat(batch);
  const tally: AttackTally = { requests: 0, statuses: {}, errors: 0, peakOpen: 0 };
  const open = { now: 0, peak: 0 };
  const until = performance.now() + seconds * 1000;
  const lane = async (): Promise<void> => {
    while (performance.now() < until) {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.pause();
      let closed = false;
      socket.on('error', () => undefined);
      socket.once('close', () => (closed = true));
      const timer = setTimeout(() => socket.destroy(), Math.max(0, until - performance.now()));
      await new Promise<void>((resolve) => socket.once('connect', resolve).once('close', resolve));
      open.peak = Math.max(open.peak, ++open.now);
      for (let sent = 0; sent < perSocket && !closed; sent += batch) {
        const error = await new Promise<Error | null | undefined>((resolve) => socket.write(text, resolve));
        if (error) break;
        tally.requests += batch;
      }
      if (!closed) await new Promise((resolve) => socket.once('close', resolve));
      open.now--;
      clearTimeout(timer);
      if (performance.now() < until) {
        tally.errors++;
        await sleep(10);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, lane));
  tally.peakOpen = open.peak;
  return tally;
}
