// The floor: a bare Fastify route that answers each request of the bench's mix with the fake's own answer to it, status,
// content type and bytes, looked up by the body's text. Fastify routes, reads the body and sends the bytes; nothing
// is validated, queried or serialised. The fake runs on the same framework, so it can never beat this.
//
// Usage: node bench/floor-server.mjs <port> <answers.json>   (written by bench/floor.ts from the fake's answers)
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const port = Number(process.argv[2]);
const file = process.argv[3];
if (!Number.isInteger(port) || file === undefined) {
  console.error('usage: node bench/floor-server.mjs <port> <answers.json>');
  process.exit(2);
}

const { path, answers } = JSON.parse(readFileSync(file, 'utf8'));
const byBody = new Map(answers.map((answer) => [answer.request, { ...answer, body: Buffer.from(answer.body, 'base64') }]));

const app = Fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
app.post(path, (request, reply) => {
  const answer = byBody.get(request.body);
  if (answer === undefined) return reply.code(404).send();
  return reply.code(answer.status).header('x-fake-source', 'generated').type(answer.contentType).send(answer.body);
});
await app.listen({ port, host: '127.0.0.1' });
process.stdout.write(`floor server on http://127.0.0.1:${port} (${byBody.size} answers)\n`);
const stop = () => app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
