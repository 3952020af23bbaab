/** A JSON object (not null, not an array): what a parsed file's or answer's member must be before its members are read. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
