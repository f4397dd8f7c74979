// Jest runs TypeScript through SWC (no type checking here: `npm run typecheck` does that).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // Kysely ships only ES modules, which Jest's module system cannot load, and PGlite's CommonJS build
    // loads Node's modules with import(), which Jest allows only with --experimental-vm-modules: SWC turns
    // both into plain CommonJS (require).
    '^.+/node_modules/(kysely|@electric-sql/pglite)/.+\\.c?js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // Everything else in node_modules is loaded as published.
  transformIgnorePatterns: ['/node_modules/(?!(kysely|@electric-sql/pglite)/)'],
  // Sources import with .js extensions (Node's ESM-ready style); map them back to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testTimeout: 20000,
  // Closes what a test file's gateways shared (the embedded store) after the file's own hooks.
  setupFilesAfterEnv: ['<rootDir>/test/support/after-file.ts'],
};
