// Lint rules, including the architecture's import boundaries: only src/upstream talks to undici, and
// nothing below the resolvers (providers, HTTP layer) knows about GraphQL.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-bench/', 'dist-scripts/', 'coverage/', 'node_modules/', 'src/__generated__/', 'client/src/__generated__/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/upstream/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'undici', message: 'Only src/upstream/ talks to undici.' }] }],
    },
  },
  {
    files: ['src/platforms/**/*.ts', 'src/upstream/**/*.ts', 'src/domains/**/models.ts', 'src/errors.ts', 'src/config.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'undici', message: 'Only src/upstream/ talks to undici.' }],
          patterns: [
            { group: ['graphql', '@apollo/*', '**/__generated__/**'], message: 'Layers below the resolvers do not know GraphQL.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/upstream/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['graphql', '@apollo/*', '**/__generated__/**'], message: 'The HTTP layer does not know GraphQL.' }] },
      ],
    },
  },
  {
    // The client other teams import: no server code, no runtime dependencies (graphql for types only).
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'graphql', allowTypeImports: true, message: 'The client has no runtime dependency on graphql (types only).' },
            { name: 'undici', message: 'The client takes an injected fetch.' },
          ],
          patterns: [
            { group: ['**/src', '**/src/**'], message: 'The client must not import the server (src/).' },
            { group: ['@apollo/*', 'pino', 'zod', 'cockatiel', 'dataloader', 'graphql-scalars'], message: 'The client has no runtime dependencies.' },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
