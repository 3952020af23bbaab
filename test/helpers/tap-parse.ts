import { Parser, type FinalResults } from 'tap-parser';

/** What tap-parser reads from a TAP stream: its final results, the lines it could not place, each test point's YAML. */
export function parseTap(
  text: string,
): Promise<{ readonly results: FinalResults; readonly extra: readonly string[]; readonly diags: readonly unknown[] }> {
  return new Promise((resolve) => {
    const extra: string[] = [];
    const diags: unknown[] = [];
    const parser = new Parser((results) => resolve({ results, extra, diags }));
    parser.on('extra', (line: string) => extra.push(line));
    parser.on('assert', (point: { diag?: unknown }) => void (point.diag === undefined ? undefined : diags.push(point.diag)));
    parser.end(text);
  });
}
