/**
 * Text cut to at most `max` characters (the mark included; never shorter than the mark) at a word boundary, never
 * inside a word or a surrogate pair, marked with " [...]" so the cut is not read as the text's own end. Text that fits
 * is returned as it is. A first word longer than the limit is cut at the limit: a bound is a bound.
 */
export function clipWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = Math.max(0, max - CUT_MARK.length);
  const head = text.slice(0, room + 1);
  const space = head.search(/\s\S*$/);
  let cut = space > 0 ? head.slice(0, space) : head.slice(0, room);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}${CUT_MARK}`;
}

export const CUT_MARK = ' [...]';
