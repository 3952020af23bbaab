import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DEFAULT_MAX_BODY_BYTES } from '../contract/send-exchange.js';
import { UsageError } from './usage-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with its errors turned into usage errors that point at the command's help. */
type ParsedValues<T extends Options> = ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: false }>>['values'];

export function parseFlags<T extends Options>(args: readonly string[], options: T, command: string): ParsedValues<T> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false } as const).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split('\n')[0]} Run \`fastmoss-kit ${command} --help\`.`);
  }
}

/**
 * An integer flag, `fallback` when it is absent, or a usage error that names it. An empty flag (`--port=`) is refused;
 * an empty environment variable counts as unset (see envValue).
 */
export function integerFlag(value: string | undefined, name: string, fallback: number, range: [number, number]): number {
  return value === undefined ? fallback : integerValue(value, name, range);
}

/** An environment variable's value, undefined when unset or empty (`FAKE_SEED=` in a CI file means no seed). */
export const envValue = (env: NodeJS.ProcessEnv, name: string): string | undefined => env[name] || undefined;

/** A whole number in range; anything else, an empty or blank text included (Number reads it as 0), is a usage error. */
export function integerValue(value: string, name: string, range: [number, number]): number {
  const number = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(number) || number < range[0] || number > range[1]) {
    throw new UsageError(`${name} must be an integer from ${range[0]} to ${range[1]}: got "${value}".`);
  }
  return number;
}

/** An ISO instant flag or environment value (see envValue); an empty flag is refused. */
export function instantFlag(value: string | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`${name} must be an ISO 8601 instant such as 2026-04-15T00:00:00Z: got "${value}".`);
  return date;
}

export const MIB = 1024 * 1024;
/** `--max-body-mb`: its default (DEFAULT_MAX_BODY_BYTES in MiB) and the values it takes. */
export const DEFAULT_MAX_BODY_MB = DEFAULT_MAX_BODY_BYTES / MIB;
export const MAX_BODY_MB_RANGE: [number, number] = [1, 1024];

/** `--max-body-mb N` as `{ maxBodyBytes }`, or nothing when the flag is absent. */
export function maxBodyFlag(value: string | undefined): { maxBodyBytes?: number } {
  return value === undefined ? {} : { maxBodyBytes: integerFlag(value, '--max-body-mb', DEFAULT_MAX_BODY_MB, MAX_BODY_MB_RANGE) * MIB };
}
