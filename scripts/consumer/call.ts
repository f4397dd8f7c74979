// Compiled by scripts/check-consumer.sh inside a throw-away project that installed only the packed client:
// what another team writes, type-checked against the published declarations.
import { ChatGatewayError, createChatGatewayClient, type AgentsDocument, type ResultOf } from '@chat-gateway/client';

const client = createChatGatewayClient({ url: 'http://localhost:4000/graphql', apiKey: 'key-from-config' });

export async function firstAgentNames(): Promise<string[]> {
  try {
    const page = await client.agents({ type: 'AGENT', first: 5 });
    return page.nodes.map((agent) => agent.name ?? agent.username ?? agent.id);
  } catch (error) {
    if (error instanceof ChatGatewayError && error.code === 'UPSTREAM_UNAVAILABLE') return [];
    throw error;
  }
}

// The typed documents work with any GraphQL client; their result types come along.
type AgentsResult = ResultOf<typeof AgentsDocument>;
export const totalOf = (result: AgentsResult): number | undefined => result.agents?.totalCount;

// The types are real: a wrong enum value must not compile (the check fails if this line compiles).
// @ts-expect-error 'NOPE' is not an AgentType
void client.agents({ type: 'NOPE' });
