// One linter and formatter (STYLE 14): ESLint with typescript-eslint for correctness and @stylistic for layout.
// `npm run lint` checks, `npm run format` fixes.
import js from '@eslint/js';
import globals from 'globals';
import stylistic from '@stylistic/eslint-plugin';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'console/dist/', 'test-artifacts/', '.data/', 'events/schemas/', 'coverage/', 'bench/out/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  stylistic.configs.customize({ indent: 2, quotes: 'single', semi: true, braceStyle: '1tbs', arrowParens: true }),
  { languageOptions: { globals: globals.node } },
  // The console runs in the browser.
  {
    files: ['console/src/**'],
    languageOptions: { globals: globals.browser },
    // Table rows and description lists read best with short elements on one line; layout of JSX is left to the author.
    rules: {
      '@stylistic/jsx-one-expression-per-line': 'off',
      '@stylistic/jsx-max-props-per-line': 'off',
      '@stylistic/jsx-first-prop-new-line': 'off',
      '@stylistic/jsx-closing-bracket-location': 'off',
      '@stylistic/jsx-wrap-multilines': 'off',
      '@stylistic/jsx-closing-tag-location': 'off',
    },
  },
  {
    rules: {
      '@stylistic/max-len': ['error', { code: 160, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreComments: false }],
      '@stylistic/operator-linebreak': ['error', 'before'],
      '@stylistic/multiline-ternary': 'off',
      '@stylistic/brace-style': ['error', '1tbs', { allowSingleLine: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'eqeqeq': 'error',
      // `import { z } from 'zod'` keeps all of zod in every bundle; the namespace import lets esbuild drop what is
      // unused (it halves the function bundles). Nothing but the namespace import is allowed.
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/^zod/] > :matches(ImportSpecifier, ImportDefaultSpecifier)',
          message: 'import * as z from \'zod\': a named or default import keeps all of zod in the bundle',
        },
      ],
      'no-console': 'off',
    },
  },
  {
    // Small modules, short functions (STYLE 16). Tests are exempt: a describe block is one long function by design.
    ignores: ['test/**'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 70 }],
    },
  },
  {
    // The two word tables are data, one line per key; splitting them would only scatter a language.
    files: ['console/src/words-*.ts'],
    rules: { 'max-lines': 'off' },
  },
);
