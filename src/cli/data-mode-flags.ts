import { DATA_MODES, DEFAULT_DATA_MODES, isDataMode, isOptionalMode, OPTIONAL_MODES } from '../data/data-modes.js';
import type { FakeServerOptions } from '../server/options.js';
import { UsageError } from './usage-error.js';

export const DATA_MODE_HELP = `  --optional MODE which optional item fields answers carry: ${OPTIONAL_MODES.join(', ')} (default ${DEFAULT_DATA_MODES.optional}:
                  each on some items, not on others, drawn from the seed); Prefer: optional=MODE per request
  --data MODE     ${DATA_MODES.join(' or ')} (default ${DEFAULT_DATA_MODES.data}); edge sends spec-legal extremes: 0s and maxima, empty
                  lists, the shortest and longest names, other scripts, emoji, ties; Prefer: data=MODE
`;

/** `--optional` and `--data` as fake server options; a value outside the set is a usage error naming the flag. */
export function dataModeFlags(flags: { readonly optional?: string; readonly data?: string }): FakeServerOptions {
  const options: { -readonly [K in 'optional' | 'data']?: FakeServerOptions[K] } = {};
  if (flags.optional !== undefined) {
    if (!isOptionalMode(flags.optional))
      throw new UsageError(`--optional must be one of ${OPTIONAL_MODES.join(', ')}: got "${flags.optional.slice(0, 40)}".`);
    options.optional = flags.optional;
  }
  if (flags.data !== undefined) {
    if (!isDataMode(flags.data)) throw new UsageError(`--data must be one of ${DATA_MODES.join(', ')}: got "${flags.data.slice(0, 40)}".`);
    options.data = flags.data;
  }
  return options;
}
