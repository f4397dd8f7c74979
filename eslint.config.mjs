// Lint rules, including the architecture's import boundaries (docs/architecture.md). Each folder of src/
// is one layer and may import only what its layer may see; a file matches exactly one entry below, since
// a later `no-restricted-imports` would replace an earlier one rather than add to it.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const UNDICI = { name: 'undici', message: 'Only src/upstream/ talks to undici (outbound calls).' };
const GRAPHQL = { group: ['graphql', '@apollo/*', '**/__generated__/**'], message: 'Layers below the resolvers do not know GraphQL.' };

/** A folder of src/ as an import pattern, with why the layer may not import it. */
const layer = (folder, why) => ({ group: [`**/${folder}/**`, `**/${folder}`, `**/${folder}.js`], message: why });
const NOT_BELOW = (name) => `${name} is above this layer: imports point one way (inbound → access → plugins → context → resolvers → platforms → upstream).`;
const CONFIG = layer('config', 'Nothing below the composition root imports the configuration: it is handed values (app.ts).');

/** One layer: its files, and the folders it may not import. */
const boundary = (files, patterns, { undici = false, ignores = [] } = {}) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { paths: undici ? [] : [UNDICI], patterns }] },
});

export default tseslint.config(
  { ignores: ['dist/', 'client/dist/', 'dist-bench/', 'dist-scripts/', 'coverage/', 'node_modules/', 'src/__generated__/', 'client/src/__generated__/'] },
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
  // The composition root and entry points (app, main, context, wiring, CLI) may import any layer.
  boundary(['src/**/*.ts'], []),
  // Outbound calls: the only importer of undici; knows no platform and no GraphQL.
  boundary(
    ['src/upstream/**/*.ts'],
    [GRAPHQL, CONFIG, ...['platforms', 'domains', 'endpoint', 'access', 'plugins', 'simulators', 'context'].map((folder) => layer(folder, NOT_BELOW(folder)))],
    { undici: true },
  ),
  // Platforms: their clients, sessions and models, over the outbound layer; never the resolvers.
  boundary(['src/platforms/**/*.ts'], [
    GRAPHQL,
    CONFIG,
    layer('domains', "Platform code never imports the resolvers' folders: the models a client produces live with its platform."),
    ...['endpoint', 'access', 'plugins', 'context', 'app', 'upstreams', 'schema', 'metrics', 'telemetry', 'cache', 'execution'].map((folder) =>
      layer(folder, NOT_BELOW(folder)),
    ),
  ]),
  // Resolvers: over the context's platform sessions; no HTTP of either direction.
  boundary(['src/domains/**/*.ts'], [CONFIG, ...['upstream', 'endpoint', 'access', 'plugins', 'simulators', 'app'].map((folder) => layer(folder, `Resolvers reach platforms through their sessions, not ${folder}.`))]),
  // Inbound HTTP: hands admitted requests to Apollo Server; knows no platform.
  boundary(['src/endpoint/**/*.ts'], [CONFIG, ...['platforms', 'upstream', 'domains', 'simulators', 'plugins'].map((folder) => layer(folder, `The inbound endpoint does not reach ${folder}.`))]),
  // Subscriptions: Apollo Server's counterpart for operations over WebSocket and SSE, with the plugins' checks.
  // Trusted documents and their fast lane: an engine beside Apollo Server, like the subscriptions'.
  boundary(['src/trusted-documents/**/*.ts'], [CONFIG, ...['platforms', 'upstream', 'domains', 'simulators', 'endpoint'].map((folder) => layer(folder, `Trusted documents do not reach ${folder}.`))]),
  boundary(['src/subscriptions/**/*.ts'], [CONFIG, ...['platforms', 'upstream', 'domains', 'simulators', 'endpoint'].map((folder) => layer(folder, `The subscription engine does not reach ${folder}.`))]),
  // Live events: the bus between webhook receivers and subscriptions; plain data, no GraphQL, no platform.
  boundary(['src/events/**/*.ts'], [
    GRAPHQL,
    CONFIG,
    ...['platforms', 'domains', 'endpoint', 'access', 'plugins', 'upstream', 'simulators', 'subscriptions', 'context'].map((folder) =>
      layer(folder, `The event bus carries plain events; it does not reach ${folder}.`),
    ),
  ]),
  // Access control: callers, keys, limits, scopes (the auth file lists each platform's tenant entry).
  boundary(['src/access/**/*.ts'], [CONFIG, ...['endpoint', 'domains', 'upstream', 'simulators'].map((folder) => layer(folder, `Access control does not reach ${folder}.`))]),
  // Apollo plugins: logging, metrics, limits, the error funnel.
  boundary(['src/plugins/**/*.ts'], [CONFIG, ...['endpoint', 'upstream', 'platforms', 'simulators'].map((folder) => layer(folder, `Plugins do not reach ${folder}.`))]),
  // Configuration: reads the environment and the auth file; imports no feature module.
  boundary(['src/config/**/*.ts'], [
    GRAPHQL,
    ...['plugins', 'endpoint', 'upstream', 'domains', 'telemetry', 'logger', 'simulators', 'cache', 'execution', 'metrics', 'context', 'app'].map((folder) =>
      layer(folder, 'The configuration imports no feature module: features declare their own option types and take values from app.ts.'),
    ),
  ]),
  // The simulators: fake platforms (they share the body reader of the inbound endpoint, nothing else of the gateway).
  boundary(['src/simulators/**/*.ts'], [
    ...['domains', 'plugins', 'access', 'upstream'].map((folder) => layer(folder, `A simulator is a platform stand-in: it does not use the gateway's ${folder}.`)),
  ], { ignores: ['src/simulators/standalone.ts'] }),
  // The store: PostgreSQL (embedded or a server) behind src/store/types.ts; knows no platform, no GraphQL.
  boundary(['src/store/**/*.ts'], [
    GRAPHQL,
    CONFIG,
    ...['platforms', 'domains', 'endpoint', 'access', 'plugins', 'upstream', 'simulators', 'workflows', 'directory', 'people'].map((folder) =>
      layer(folder, `The store keeps records; it does not reach ${folder}.`),
    ),
  ]),
  // Workflows and the directory refresh orchestrate platforms (through their sessions or clients) and the store.
  boundary(['src/workflows/**/*.ts', 'src/directory/**/*.ts', 'src/people/**/*.ts'], [
    GRAPHQL,
    CONFIG,
    ...['domains', 'endpoint', 'access', 'plugins', 'simulators'].map((folder) =>
      layer(folder, `Cross-platform services reach platforms through their sessions and clients, not ${folder}.`),
    ),
  ]),
  // The vocabulary and shared services below everything: they import no layer and not the configuration.
  boundary(['src/errors.ts'], [{ group: ['./*', '../*'], message: 'errors.ts is the error vocabulary: it imports nothing of the gateway.' }]),
  boundary(['src/deadline.ts', 'src/logger.ts', 'src/metrics.ts', 'src/telemetry/**/*.ts', 'src/cache/**/*.ts', 'src/execution/**/*.ts'], [
    CONFIG,
    ...['platforms', 'domains', 'endpoint', 'access', 'plugins'].map((folder) => layer(folder, NOT_BELOW(folder))),
  ]),
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
  {
    // Plain CommonJS scripts that run before any build (scripts/build-if-stale.cjs): require is their import.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
