import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createScrub, scrubJson } from '../contract/scrub.js';
import { createFile } from '../contract/write-file.js';
import { recordingNumber, type RecordedExchange } from '../contract/exchange.js';

/** A file on disk: the exchange, plus the spec violations found when it was saved (kept, marked, not dropped). */
export type SavedExchange = RecordedExchange & { readonly violations: readonly string[] };

/** Longest slug in a file name: the body's region and date are echoed, and a file name has at most 255 bytes. */
const MAX_SLUG_LENGTH = 80;

/**
 * `003-us-month-2026-03.json`: the index, then what the body asks for, so a directory listing reads well. A body the
 * spec refuses ends in `invalid` (`003-invalid.json` for `{"pagesiz":10}`), never `default`, which reads as the plain
 * request.
 */
export function fileNameFor(index: number, body: unknown, valid = true): string {
  const filter = (body as { filter?: { region?: unknown; date_info?: { type?: unknown; value?: unknown } } } | undefined)?.filter;
  const parts = [filter?.region, filter?.date_info?.type, filter?.date_info?.value].filter((p): p is string => typeof p === 'string');
  if (!valid) parts.push('invalid');
  const slug =
    parts
      .join('-')
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .slice(0, MAX_SLUG_LENGTH) || 'default';
  return `${String(index + 1).padStart(3, '0')}-${slug}.json`;
}

export interface RecordingFolder {
  /** Saves one exchange, with everything the key could hide in scrubbed, as the next numbered file; gives its name. */
  readonly save: (
    exchange: RecordedExchange,
    violations: readonly string[],
    secrets: readonly string[],
    requestValid: boolean,
  ) => Promise<string>;
}

/**
 * A folder of recordings that is only ever added to (created when missing). Decision: a new session continues the
 * numbering after the highest number already there, rather than refusing a folder that holds recordings, so that
 * `record` and `serve --proxy --record` can be pointed at the same folder again; replay lets the later file win.
 * Each file is created exclusively (never through a symlink, never over a file): a name taken meanwhile, by another
 * session, moves on to the next number.
 */
export async function openRecordingFolder(dir: string): Promise<RecordingFolder> {
  await mkdir(dir, { recursive: true });
  let next = 0;
  for (const name of await readdir(dir)) next = Math.max(next, recordingNumber(name));
  return {
    save: async (exchange, violations, secrets, requestValid) => {
      const saved: SavedExchange = { ...exchange, violations };
      const text = scrubJson(saved, createScrub(secrets));
      for (;;) {
        const file = fileNameFor(next++, exchange.request.body, requestValid);
        try {
          await createFile(join(dir, file), text);
          return file;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
      }
    },
  };
}
