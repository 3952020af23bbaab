import { createRequire } from 'node:module';

/** The installed kit's version, from its package.json (one folder up from src/ and from dist/ alike). */
export function kitVersion(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}
