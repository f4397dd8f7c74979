import type { CodegenConfig } from '@graphql-codegen/cli';

// Resolver types are generated from the SDL in schema/ and mapped to our own models, so resolvers
// return domain models and codegen checks that every field can be resolved from them.
const config: CodegenConfig = {
  schema: 'schema/*.graphql',
  emitLegacyCommonJSImports: false,
  generates: {
    'src/__generated__/resolvers-types.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        federation: true,
        useIndexSignature: false,
        contextType: '../context.js#GatewayContext',
        useTypeImports: true,
        enumsAsTypes: true,
        immutableTypes: true,
        strictScalars: true,
        scalars: { ID: 'string', _FieldSet: 'string' },
        mappers: {
          Agent: '../domains/agents/models.js#AgentModel',
          AgentConnection: '../domains/agents/models.js#AgentPageModel',
          RegisterAgentPayload: '../domains/agents/models.js#RegisterAgentPayloadModel',
          RemoveAgentPayload: '../domains/agents/models.js#RemoveAgentPayloadModel',
        },
      },
    },
  },
};

export default config;
