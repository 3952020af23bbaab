import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/**
 * Creates `path` and writes `text` into it, only if nothing is there yet: `wx` is O_CREAT|O_EXCL, which fails with
 * EEXIST on an existing file and on a symlink (even a dangling one) instead of following it.
 */
export async function createFile(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx');
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/**
 * Writes `text` to `path` atomically and without following a symlink there: into a new temporary file beside it
 * (created exclusively), then renamed over it. A rename replaces a symlink itself, never the file it points to, and a
 * run that dies half-way never leaves a truncated file behind.
 */
export async function replaceFile(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await createFile(temporary, text);
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
