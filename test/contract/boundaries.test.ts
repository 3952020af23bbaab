import { readdirSync, readFileSync } from 'node:fs';
import t from 'tap';

/**
 * The suite judges a target only from outside, with nothing but the spec: if it reused the fake's data, filter or
 * sort code it would check the fake against itself. Only src/contract-default-target.ts may start the fake.
 */
t.test('src/contract imports nothing from src/server or src/data', async (t) => {
  const dir = new URL('../../src/contract/', import.meta.url);
  const files = readdirSync(dir).filter((name) => name.endsWith('.ts'));
  t.ok(files.length > 10);
  for (const file of files) {
    const imports = [...readFileSync(new URL(file, dir), 'utf8').matchAll(/from '([^']+)'|import\('([^']+)'\)/g)].map((m) => m[1] ?? m[2]);
    t.same(
      imports.filter((path) => /\/(server|data)\//.test(String(path))),
      [],
      file,
    );
  }
});
