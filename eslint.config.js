// ESLint (typescript-eslint, type-aware) for the code; Prettier (.prettierrc.json) for its layout, which
// eslint-config-prettier keeps ESLint out of. `npm run lint` runs both; `npm run format` rewrites the layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** An import from one of these folders, seen from the file that imports it. */
const from = (...folders) => folders.flatMap((folder) => [`**/${folder}/**`, `../${folder}/*`, `./${folder}/*`]);

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      '.tap/**',
      'node_modules/**',
      'src/generated/**',
      'test/e2e/downstream/app/**',
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
  {
    files: ['src/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: from('server', 'data', 'record', 'cli', 'testing'),
              message: 'The contract suite judges a target from outside: it never imports the fake (server, data) or its wiring.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/data/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: from('server', 'contract', 'record', 'cli', 'testing'),
              message: 'The data layer knows no HTTP and no contract suite.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/openapi/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: from('server', 'data', 'contract', 'record', 'cli', 'testing'),
              message: 'The spec module is used by everyone and uses none of them.',
            },
          ],
        },
      ],
    },
  },
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
  prettier,
);
