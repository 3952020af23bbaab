import { Parser, type FinalResults } from 'tap-parser';

/** What tap-parser reads from a TAP stream: its final results, and the lines it could not place. */
export function parseTap(text: string): Promise<{ readonly results: FinalResults; readonly extra: readonly string[] }> {
  return new Promise((resolve) => {
    const extra: string[] = [];
    const parser = new Parser((results) => resolve({ results, extra }));
    parser.on('extra', (line: string) => extra.push(line));
    parser.end(text);
  });
}
