import type { SpecDocument } from './load-spec.js';

/** Where each document read from a file came from (a spec's relative references resolve against it). */
const sourcePaths = new WeakMap<SpecDocument, string>();

export function rememberSourcePath(doc: SpecDocument, path: string): void {
  sourcePaths.set(doc, path);
}

/** The file a document was read from; undefined for a document built in memory. */
export function specSourcePath(doc: SpecDocument): string | undefined {
  return sourcePaths.get(doc);
}
