import { createHash } from 'node:crypto';
import type { CodegenConfig } from '@graphql-codegen/cli';

// The typed client's code, generated from the operations in client/operations/ against the SDL in
// schema/ (the server's resolver types stay in codegen.ts). Deterministic output, so the same config
// runs with `--check` in CI to catch a stale client/src/__generated__/.
//
// Two files from the same operations, because the consumers need two forms of a document:
// - graphql.ts: result/variable types and `TypedDocumentNode`s (JSON ASTs, no runtime import). Apollo
//   Client needs an AST (it transforms documents, e.g. adds __typename), and urql and graphql-request
//   take one too, so this is the form the client exports for them. Written by the client preset, for
//   its persisted documents (trusted documents, docs/typed-client.md#trusted-documents): each
//   operation's document carries `__meta__.hash`, the SHA-256 (hex) of its normalized text, and the
//   preset writes persisted-documents.json, `{ "<sha256 hex>": "<that text>" }` for every operation
//   (queries, mutations, subscriptions): the manifest the gateway loads and the package ships. The
//   client's `request` sends `documentId: "sha256:<hash>"` instead of the text. The documents are in
//   the preset's default `documentNodeImportFragments` mode (the AST mode that carries `__meta__`):
//   the same ASTs as the `documentNode` mode's, fragments inlined (in another order). The preset also
//   writes gql.ts (its `graphql()` tag), which nothing uses: client/tsconfig.build.json leaves it out
//   of the package.
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

/**
 * The manifest's keys and `__meta__.hash`: the SHA-256 of the document text, bare hex. (The preset's
 * `hashAlgorithm: 'sha256'` writes the same digest prefixed `sha256:`; the manifest's keys are the hex
 * alone, the form the gateway checks against each document's digest, and the client adds the prefix to
 * the `documentId` it sends.)
 */
function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const codegen: CodegenConfig = {
  schema: 'schema/*.graphql',
  documents: 'client/operations/*.graphql',
  emitLegacyCommonJSImports: false,
  generates: {
    // graphql.ts, persisted-documents.json (and gql.ts, unused). No fragment masking: results are
    // typed with the fragments' fields, as the client's functions return them.
    'client/src/__generated__/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
        skipIndexFile: true,
        persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: sha256Hex },
      },
      config,
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
