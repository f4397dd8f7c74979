import type { CodegenConfig } from '@graphql-codegen/cli';

// The typed client's code, generated from the operations in client/operations/ against the SDL in
// schema/ (the server's resolver types stay in codegen.ts). Deterministic output, so the same config
// runs with `--check` in CI to catch a stale client/src/__generated__/.
//
// Two files from the same operations, because the consumers need two forms of a document:
// - graphql.ts: result/variable types and `TypedDocumentNode`s (JSON ASTs, no runtime import). Apollo
//   Client needs an AST (it transforms documents, e.g. adds __typename), and urql and graphql-request
//   take one too, so this is the form the client exports for them.
// - strings.ts: the same documents as `TypedDocumentString`s (the source text, typed). The client's
//   own `request` sends these, so it never needs graphql's `print` and has no runtime dependency.
// `typescript-operations` 6 emits the enums and input types the operations use by itself; adding the
// `typescript` plugin to these files declares them twice (TS2300), and its schema object types
// (every field optional) would only invite typing results with something other than what was selected.
const config = {
  useTypeImports: true,
  // typescript-operations 6's name for `enumsAsTypes: true`: enums as unions of string literals.
  enumType: 'string-literal',
  strictScalars: true,
  // Typed as they travel in JSON: the server serializes DateTime as an ISO 8601 string and takes one.
  scalars: {
    ID: { input: 'string | number', output: 'string' },
    DateTime: 'string',
    JSONObject: 'Record<string, unknown>',
  },
} as const;

const codegen: CodegenConfig = {
  schema: 'schema/*.graphql',
  documents: 'client/operations/*.graphql',
  emitLegacyCommonJSImports: false,
  generates: {
    'client/src/__generated__/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: { ...config, documentMode: 'documentNode' },
    },
    'client/src/__generated__/strings.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: { ...config, documentMode: 'string' },
    },
    // Which types implement each interface (`User`): Apollo Client's InMemoryCache needs it to match
    // `... on User` fragments; without `possibleTypes` it drops them silently.
    'client/src/__generated__/possible-types.ts': {
      plugins: ['fragment-matcher'],
      config: { apolloClientVersion: 3, useExplicitTyping: true },
    },
  },
};

export default codegen;
