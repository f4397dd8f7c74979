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
        scalars: {
          ID: 'string',
          _FieldSet: 'string',
          // graphql-scalars parses DateTime inputs to Date; models hold ISO strings, which it serializes as is.
          DateTime: { input: 'Date', output: 'Date | string' },
          JSONObject: 'Record<string, unknown>',
        },
        mappers: {
          Agent: '../platforms/rocketchat/models.js#AgentModel',
          AgentConnection: '../domains/agents/models.js#AgentPageModel',
          RegisterAgentPayload: '../domains/agents/models.js#RegisterAgentPayloadModel',
          RemoveAgentPayload: '../domains/agents/models.js#RemoveAgentPayloadModel',
          SetAgentDepartmentsPayload: '../domains/agents/models.js#AgentPayloadModel',
          SetAgentAvailabilityPayload: '../domains/agents/models.js#AgentPayloadModel',
          Department: '../domains/departments/models.js#DepartmentRefModel',
          DepartmentConnection: '../domains/departments/models.js#DepartmentPageModel',
          DepartmentAgentConnection: '../domains/departments/models.js#DepartmentMemberPageModel',
          DepartmentAgentEdge: '../domains/departments/models.js#DepartmentMemberEdgeModel',
          RocketChatUser: '../platforms/rocketchat/models.js#RocketChatUserModel',
          Person: '../store/types.js#PersonRecord',
          PersonConnection: '../domains/people/models.js#PeoplePageModel',
          DirectorySync: '../domains/people/models.js#DirectorySyncModel',
          PlatformSync: '../store/types.js#SyncState',
          SyncDirectoryPayload: '../domains/people/models.js#SyncDirectoryPayloadModel',
          Workflow: '../store/types.js#WorkflowRecord',
          WorkflowStep: '../store/types.js#WorkflowStepRecord',
          OnboardPersonPayload: '../domains/people/models.js#PersonPayloadModel',
          OffboardPersonPayload: '../domains/people/models.js#PersonPayloadModel',
          CreateRocketChatUserPayload: '../domains/rocketchat-users/models.js#RocketChatUserPayloadModel',
          SetRocketChatUserActivePayload: '../domains/rocketchat-users/models.js#RocketChatUserPayloadModel',
          WidgetUser: '../platforms/jelou/models.js#WidgetUserModel',
          LivechatEvent: '../events/model.js#LivechatEventModel',
          LivechatVisitor: '../events/model.js#LivechatVisitorModel',
          LivechatMessage: '../events/model.js#LivechatMessageModel',
          WidgetEvent: '../events/model.js#WidgetEventModel',
          Room: '../platforms/jelou/models.js#RoomModel',
          CreateWidgetUserPayload: '../domains/widget-users/models.js#CreateWidgetUserPayloadModel',
          CustomerCareUser: '../platforms/imi/models.js#CustomerCareUserModel',
          Privilege: '../platforms/imi/models.js#PrivilegeModel',
          CustomerCareUserPage: '../domains/customer-care/models.js#CustomerCareUserPageModel',
          CreateCustomerCareUserPayload: '../domains/customer-care/models.js#CreateCustomerCareUserPayloadModel',
        },
      },
    },
  },
};

export default config;
