// The limit: a bare node:http server that reads each request body to its end and answers 200 with one
// precomputed JSON body of the size the bench asks for (the fake's mean response size over the request mix).
// No routing, no validation, no data, no serialisation: what Node.js can do at all on this machine.
//
// Usage: node bench/limit-server.mjs <port> <bodyBytes>
import { createServer } from 'node:http';

const port = Number(process.argv[2]);
const size = Number(process.argv[3]);
if (!Number.isInteger(port) || !Number.isInteger(size) || size < 32) {
  console.error('usage: node bench/limit-server.mjs <port> <bodyBytes (>= 32)>');
  process.exit(2);
}

const head = '{"code":0,"data":null,"message":"","pad":"';
const tail = '"}';
const body = Buffer.from(head + 'x'.repeat(Math.max(0, size - head.length - tail.length)) + tail);
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) };

const server = createServer((request, response) => {
  request.on('data', () => {});
  request.on('end', () => {
    response.writeHead(200, headers);
    response.end(body);
  });
});
server.listen(port, '127.0.0.1', () => {
  process.stdout.write(`limit server on http://127.0.0.1:${port} (${body.length} bytes per answer)\n`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
