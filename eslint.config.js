// ESLint (typescript-eslint, type-aware) for the code; Prettier (.prettierrc.json) for its layout, which
// eslint-config-prettier keeps ESLint out of. `npm run lint` runs both; `npm run format` rewrites the layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/**
 * src/<folder> may not import from the `forbidden` folders: not by `import`/`export ... from` (no-restricted-imports)
 * and not by `import()` (no-restricted-syntax, which no-restricted-imports does not see).
 */
function layer(folder, forbidden, message) {
  const group = forbidden.flatMap((name) => [`**/${name}/**`, `../${name}/*`, `./${name}/*`]);
  const dynamic = `ImportExpression[source.value=/(^|\\/)(${forbidden.join('|')})\\//]`;
  return {
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group, message }] }],
      'no-restricted-syntax': ['error', { selector: dynamic, message }],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'msw.d.ts',
      'coverage/**',
      '.tap/**',
      'node_modules/**',
      'src/generated/**',
      'test/e2e/downstream/app/**',
      'test/e2e/downstream/app-jest/**',
      'test/e2e/downstream/node22/**',
      'test/e2e/downstream/node24/**',
      'bench/limit-server.mjs',
      'bench/floor-server.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'test/helpers/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // The layering, as design.md draws it: the contract suite judges a target only from outside (never the fake's
  // data or server), the data layer knows no HTTP, and the spec module uses nothing of the kit's but small utilities.
  layer(
    'contract',
    ['server', 'data', 'record', 'cli', 'testing'],
    'The contract suite judges a target from outside: it never imports the fake (server, data) or its wiring.',
  ),
  layer('data', ['server', 'contract', 'record', 'cli', 'testing'], 'The data layer knows no HTTP and no contract suite.'),
  layer(
    'openapi',
    ['server', 'data', 'contract', 'record', 'cli', 'testing'],
    'The spec module is used by everyone and uses none of them.',
  ),
  {
    // Tests and scripts assert and poke at loosely typed JSON all the time; the code they check is held to the full rules.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/require-await': 'off',
      // tap's t.test() returns a promise tap itself awaits.
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs', '**/*.cjs'], extends: [tseslint.configs.disableTypeChecked] },
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', process: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
