import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildFakeServer, type FakeServer } from '../../src/server/build-fake-server.js';
import type { FakeServerOptions } from '../../src/server/options.js';

export const NOW = new Date('2026-11-25T00:00:00Z');
export const ENDPOINT = '/creator/v1/rank/topPotential';
export const AUTH = { authorization: 'Bearer test-token' } as const;

export function fake(options: FakeServerOptions = {}): FakeServer {
  return buildFakeServer({ now: NOW, ...options });
}

export interface Answer {
  readonly status: number;
  readonly headers: Record<string, unknown>;
  readonly body: string;
  readonly json: Record<string, unknown> & { code: number; message: string; data: unknown };
}

/** POSTs a JSON body (or a raw string) to the endpoint through inject. */
export async function post(app: FastifyInstance, body?: unknown, headers: Record<string, string> = AUTH): Promise<Answer> {
  const options: InjectOptions = { method: 'POST', url: ENDPOINT, headers: { ...headers } };
  if (body !== undefined) {
    options.payload = typeof body === 'string' ? body : JSON.stringify(body);
    options.headers = { 'content-type': 'application/json', ...headers };
  }
  return answer(await app.inject(options));
}

export function answer(response: { statusCode: number; headers: Record<string, unknown>; body: string }): Answer {
  return { status: response.statusCode, headers: response.headers, body: response.body, json: JSON.parse(response.body) as Answer['json'] };
}

/** The data of a successful answer, typed loosely for assertions. */
export interface Page {
  list: Item[];
  total: string;
  date_type: string;
  date_value: string;
}
export interface Item {
  uid: string;
  potential_index: number;
  ecommerce_type: number;
  gmv: number;
  usd_gmv: number;
  units_sold: number;
  live_units_sold: number;
  video_units_sold: number;
  sales_category_l3: { id: number; name: string }[];
  creator: {
    uid: string;
    region: string;
    category: { id: number; name: string };
    follower_count: number;
    follower_genders: { key: string; value: string }[];
    follower_ages: { key: string; value: string }[];
  };
}

export async function page(app: FastifyInstance, body: unknown): Promise<Page> {
  const result = await post(app, body);
  if (result.status !== 200) throw new Error(`expected 200, got ${result.status}: ${result.body}`);
  return result.json.data as Page;
}
