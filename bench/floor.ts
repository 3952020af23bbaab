import { writeFileSync } from 'node:fs';
import { ENDPOINT_PATH, REQUEST_MIX } from './requests.js';
import { post } from './servers.js';

/** What bench/floor-server.mjs reads: the fake's answer to each body of the mix, by the body's text. */
export interface FloorAnswers {
  readonly path: string;
  readonly answers: readonly { readonly request: string; readonly status: number; readonly contentType: string; readonly body: string }[];
}

/**
 * Asks a running fake each body of the mix once and writes its answers (status, content type, bytes in base64) to
 * `file`, for the floor server to send. Returns the answers' body sizes, in the mix's order.
 */
export async function recordFloorAnswers(port: number, file: string): Promise<{ readonly status: number; readonly bodyBytes: number }[]> {
  const answers: FloorAnswers['answers'][number][] = [];
  for (const entry of REQUEST_MIX) {
    const request = JSON.stringify(entry.body);
    const answer = await post(port, request);
    answers.push({ request, status: answer.status, contentType: answer.contentType, body: answer.body.toString('base64') });
  }
  writeFileSync(file, JSON.stringify({ path: ENDPOINT_PATH, answers } satisfies FloorAnswers));
  return answers.map((answer) => ({ status: answer.status, bodyBytes: Buffer.from(answer.body, 'base64').length }));
}
