import { Worker } from 'node:worker_threads';
import t from 'tap';
import { DISCARD_LIMIT_BYTES } from '../../src/server/read-body.js';
import { ENDPOINT, fake } from '../helpers/fake.js';
import { exchange, listen } from '../helpers/socket.js';

/**
 * Node's fetch, on an event loop of its own (a worker thread), as a client in another process would be: on the
 * server's loop the answer was read before the client's next write, and a connection closed under a client still
 * writing its body (EPIPE) never showed.
 */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, size, chunked } = workerData;
const text = '{"note":"' + 'x'.repeat(size - 11) + '"}';
const body = chunked
  ? new ReadableStream({ start(controller) { for (let at = 0; at < text.length; at += 65536) controller.enqueue(new TextEncoder().encode(text.slice(at, at + 65536))); controller.close(); } })
  : text;
fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer big' }, body, duplex: 'half' }).then(
  async (answer) => parentPort.postMessage({ status: answer.status, connection: answer.headers.get('connection'), body: await answer.text() }),
  (error) => parentPort.postMessage({ error: String((error.cause && error.cause.code) || error.message) }),
);
`;

type Outcome = { status: number; connection: string | null; body: string } | { error: string };

function post(url: string, size: number, chunked = false): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { url, size, chunked } });
    worker.once('message', (outcome: Outcome) => {
      resolve(outcome);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

t.test('a body far over the limit still gets the 413 envelope, before the connection closes', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const url = `http://127.0.0.1:${await listen(app)}${ENDPOINT}`;
  for (const [size, chunked] of [
    [1_000_000, false],
    [10_000_000, false],
    [10_000_000, true],
  ] as const) {
    const outcome = await post(url, size, chunked);
    t.match(
      outcome,
      {
        status: 413,
        connection: 'close',
        body: /^\{"code":10001,"data":null,"message":"Request body is too large: the limit is 65536 bytes\./,
      },
      `${size} bytes${chunked ? ', chunked' : ''}`,
    );
  }
});

t.test('a body declared past the bound of what is read and dropped is refused at once: 413, closed, nothing read', async (t) => {
  const app = fake();
  t.teardown(() => app.close());
  const port = await listen(app);
  const head = `POST ${ENDPOINT} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer big\r\ncontent-type: application/json\r\ncontent-length: ${DISCARD_LIMIT_BYTES + 1}\r\n\r\n`;
  const answer = await exchange(port, [head]);
  t.equal(answer.status, 413);
  t.ok(answer.closed, 'closed without waiting for a body it would not read');
  t.match(answer.text, /\r\nconnection: close\r\n/i);
});
