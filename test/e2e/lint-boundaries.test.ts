import { ESLint } from 'eslint';
import t from 'tap';
import tseslint from 'typescript-eslint';

// At least four times this file's time on 2 quiet cores, for a loaded machine (docs/testing.md).
t.setTimeout(60_000);

/**
 * The layering is enforced by the linter (eslint.config.js, `layer()`): the contract suite judges a target from
 * outside, so it never imports the fake's server or data (it would check the fake against itself); the data layer knows
 * no HTTP; the spec module imports none of the kit's stages. These probes prove the rules fire (and only where they
 * should); `npm run lint` applies them to the real files. Type-aware rules are off here: the probes are not on disk.
 */
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname, overrideConfig: [tseslint.configs.disableTypeChecked] });

async function layeringMessages(filePath: string, text: string): Promise<string[]> {
  const [result] = await eslint.lintText(text, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

const FORBIDDEN: Record<string, readonly string[]> = {
  contract: ['server', 'data', 'record', 'cli', 'testing'],
  data: ['server', 'contract', 'record', 'cli', 'testing'],
  openapi: ['server', 'data', 'contract', 'record', 'cli', 'testing'],
};

for (const [layer, folders] of Object.entries(FORBIDDEN)) {
  t.test(`src/${layer} may not import from ${folders.join(', ')}`, async (t) => {
    const file = `src/${layer}/probe.ts`;
    for (const folder of folders) {
      const statics = [
        `import { x } from '../${folder}/module.js';\nexport const y = x;\n`,
        `import type { X } from '../${folder}/module.js';\nexport type Y = X;\n`,
        `export { x } from '../${folder}/nested/module.js';\n`,
      ];
      for (const text of statics) t.equal((await layeringMessages(file, text)).length, 1, `${folder}: ${text.split('\n')[0]}`);
      t.equal(
        (await layeringMessages(file, `export const m = await import('../${folder}/module.js');\n`)).length,
        1,
        `${folder}: import()`,
      );
    }
    t.same(
      await layeringMessages(file, `import { x } from '../url-credentials.js';\nexport const y = x;\n`),
      [],
      'a small utility is fine',
    );
    t.same(
      await layeringMessages(file, `export const m = await import('./${layer}-serverish.js');\n`),
      [],
      'a name that only contains a folder name is fine',
    );
  });
}

t.test('the fake itself may import the data layer and the spec module', async (t) => {
  t.same(
    await layeringMessages(
      'src/server/probe.ts',
      `import { a } from '../data/a.js';\nimport { b } from '../openapi/b.js';\nexport const c = [a, b];\n`,
    ),
    [],
  );
});

t.test('the real source keeps the layering', async (t) => {
  const results = await eslint.lintFiles(['src/contract', 'src/data', 'src/openapi']);
  t.ok(results.length > 30, `${results.length} files linted`);
  const broken = results.flatMap((r) =>
    r.messages.filter((m) => m.ruleId?.startsWith('no-restricted-') ?? false).map((m) => `${r.filePath}: ${m.message}`),
  );
  t.same(broken, []);
});
