import type { SpecDocument } from './load-spec.js';

/** The file a document was read from, as it was named, and the sha256 of the text read. */
export interface SpecSource {
  readonly path: string;
  readonly sha256: string;
}

/** Where each document read from a file came from (a spec's relative references resolve against it). */
const sources = new WeakMap<SpecDocument, SpecSource>();

export function rememberSource(doc: SpecDocument, source: SpecSource): void {
  sources.set(doc, source);
}

/** The file a document was read from; undefined for a document built in memory. */
export function specSource(doc: SpecDocument): SpecSource | undefined {
  return sources.get(doc);
}
