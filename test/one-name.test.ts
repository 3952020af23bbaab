import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';

/**
 * No two functions or classes of src/ share a name: where there were two (a public factory and the internal one it
 * wraps, imported under an alias), a reader could not tell from a call which one ran.
 */
t.test('each exported function and class of src/ has a name of its own', async (t) => {
  const files = (readdirSync('src', { recursive: true }) as string[]).filter((name) => name.endsWith('.ts'));
  const seen = new Map<string, string[]>();
  for (const file of files) {
    for (const match of readFileSync(join('src', file), 'utf8').matchAll(/^export (?:abstract )?(?:async )?(?:function|class) (\w+)/gm)) {
      const name = match[1] as string;
      seen.set(name, [...(seen.get(name) ?? []), file]);
    }
  }
  t.ok(seen.size > 100, 'the exports were found');
  t.same(
    [...seen].filter(([, where]) => where.length > 1),
    [],
    'names declared in more than one file',
  );
});
