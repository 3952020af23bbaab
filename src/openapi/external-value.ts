import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The largest example file inlined into the docs (1 MiB): a larger one stays a link. */
export const MAX_EXAMPLE_BYTES = 1024 * 1024;

const isInside = (file: string, folder: string): boolean => {
  const path = relative(folder, file);
  return path !== '' && !isAbsolute(path) && path.split(sep)[0] !== '..';
};

const realOr = async (path: string): Promise<string> => realpath(path).catch(() => path);

/**
 * The JSON an example's `externalValue` names, read only when it resolves (against the spec's file, symbolic links
 * followed) to a regular file of at most MAX_EXAMPLE_BYTES inside the spec's folder: never another scheme, a device, a
 * pipe or a file elsewhere. Undefined when it is not read, or is not JSON: the example stays a link.
 */
export async function readExternalValue(externalValue: string, specPath: string): Promise<unknown> {
  const url = URL.parse(externalValue, pathToFileURL(specPath).href);
  if (url?.protocol !== 'file:') return undefined;
  const file = await realOr(fileURLToPath(url));
  if (!isInside(file, await realOr(dirname(specPath)))) return undefined;
  // Non-blocking, so that opening a named pipe does not wait for a writer; the handle's own stat then refuses it.
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
  if (handle === undefined) return undefined;
  try {
    const stats = await handle.stat();
    if (!stats.isFile() || stats.size > MAX_EXAMPLE_BYTES) return undefined;
    const buffer = Buffer.alloc(stats.size);
    const { bytesRead } = await handle.read(buffer, 0, stats.size, 0);
    return JSON.parse(buffer.subarray(0, bytesRead).toString('utf8')) as unknown;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
