/**
 * Upstream text is data: whatever a target, a recording or a spec says reaches each output through the one escaping
 * function of that output's kind here (header, log line and terminal, TAP, YAML, markdown, XML, workflow command).
 * Every function is one pass over its input, in time linear in its length.
 */

/**
 * What no one-line output shows as itself: C0 and C1 controls (CR, LF, ESC and so on), DEL, line and paragraph
 * separators, bidirectional overrides, a byte order mark, non-characters, lone surrogates.
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- the control characters are what it looks for
  /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `\u001b` for ESC: the character named, not obeyed. */
const unicodeEscape = (char: string): string => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text for a terminal: one line, every unprintable character written as a `\uXXXX` escape. */
export function terminalText(text: string): string {
  return text.replace(UNPRINTABLE, unicodeEscape);
}

/**
 * A log line (stderr, which CI runners also read for workflow commands): terminal text that cannot start a GitHub
 * workflow command (`::add-mask::`, `::stop-commands::`, ...), since it holds no line break and never starts with `::`.
 */
export function logLine(text: string): string {
  return terminalText(text).replace(/^(\s*):/, (_match, space: string) => `${space}\\u003a`);
}

/** Text of several lines for a log (an error message with a code frame, a stack): each line a logLine. */
export function logLines(text: string): string {
  return text.split('\n').map(logLine).join('\n');
}

/**
 * An HTTP header value: ASCII only. Every character outside printable ASCII, and `%` itself, is percent-encoded as
 * UTF-8 (as `encodeURIComponent` does), so a reader gets the text back with `decodeURIComponent`. Cut to `max`
 * characters without splitting an escape.
 */
export function headerValue(text: string, max = Number.POSITIVE_INFINITY): string {
  const encoded = text.replace(LONE_SURROGATE, '\uFFFD').replace(/[^\u0020-\u0024\u0026-\u007E]+/g, (run) => encodeURIComponent(run));
  return encoded.length <= max ? encoded : encoded.slice(0, max).replace(/%[0-9A-F]?$/, '');
}

/** A TAP test point's description: one line, and no `#`, which would start a directive. */
export function tapDescription(text: string): string {
  return terminalText(text.replace(/[\r\n\u0085\u2028\u2029#]+/g, ' ')).replace(/\s+/g, ' ');
}

/**
 * A YAML double-quoted scalar that any YAML parser reads back as the text: JSON's escapes, plus `\uXXXX` for what
 * JSON leaves raw and YAML does not (DEL, C1 controls such as NEL, U+2028, U+2029, a byte order mark).
 */
export function yamlString(text: string): string {
  return JSON.stringify(text).replace(/[\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g, unicodeEscape);
}

/**
 * A markdown code span the text cannot break out of: one line (so no block can start inside it), no backtick (so it
 * cannot end early). HTML inside a code span is shown, not rendered.
 */
export function markdownCode(text: string): string {
  return `\`${terminalText(text).replaceAll('`', "'")}\``;
}

/**
 * Markdown running text: one line, with every character markdown could read as markup backslash-escaped (emphasis,
 * code, links and images, raw HTML, entities, headings, tables, math, mentions), no bare URL or `www.` for GitHub to
 * link, and nothing at its start that would open a block (a list marker, an indented code block).
 */
export function markdownText(text: string): string {
  return terminalText(text)
    .replace(/[\\`*_{}[\]<>#!|~&@$^]/g, (char) => `\\${char}`)
    .replace(/^ +/, ' ')
    .replace(/^( ?)(?:([-+=])|(\d+)([.)]))/, (_match, space: string, marker: string | undefined, digits: string, end: string) =>
      marker === undefined ? `${space}${digits}\\${end}` : `${space}\\${marker}`,
    )
    .replace(/(www)\.|(:)(?=\/\/)|(mailto|xmpp)(:)/gi, (match) => `${match.slice(0, -1)}\\${match.slice(-1)}`);
}

/** Characters XML 1.0 does not allow at all, escaped or not: replaced by U+FFFD. Lone surrogates too. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- the control characters are what it looks for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** XML element text: the three characters markup could read, escaped. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** An XML attribute value in double quotes; line breaks and tabs as references, so a parser keeps them. */
export function xmlAttribute(text: string): string {
  return xmlText(text).replaceAll('"', '&quot;').replaceAll('\n', '&#10;').replaceAll('\r', '&#13;').replaceAll('\t', '&#9;');
}

/**
 * A workflow command's message, escaped as the runner unescapes it (%, CR and LF), and every other unprintable
 * character (ESC, U+2028, ...) written as a `\uXXXX` escape.
 */
export function escapeCommandData(text: string): string {
  return terminalText(text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A'));
}

/** A workflow command's property value: the message's escapes, plus `:` and `,`, which end a property. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
