/** Depth of a parsed JSON value, counted without recursion (a hostile body cannot overflow the stack). */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (typeof current !== 'object' || current === null) continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Object.values(current)) stack.push([child, level]);
  }
  return deepest;
}

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
