import { jsonDepth } from '../json-depth.js';

/** The parser's outcome: the value, or why the text is not acceptable JSON. */
export type ParsedBody =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: 'syntax' | 'depth'; readonly detail: string };

/** Parses a JSON body. An empty body means "no body" (the spec's defaults apply). */
export function parseJsonBody(text: string, maxDepth: number): ParsedBody {
  if (text.trim() === '') return { ok: true, value: undefined };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: 'syntax', detail: (error as Error).message };
  }
  const depth = jsonDepth(value, maxDepth);
  return depth > maxDepth ? { ok: false, reason: 'depth', detail: String(depth) } : { ok: true, value };
}
