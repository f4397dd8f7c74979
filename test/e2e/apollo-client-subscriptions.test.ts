import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { Agent, fetch as undiciFetch, request } from 'undici';
import WebSocket from 'ws';
import { LivechatEventsDocument, possibleTypes } from '../../client/src/index.js';
import { useTestGateway } from '../support/gateway';
import { waitForSubscriptions } from '../support/subscriptions';

/**
 * Apollo Client 4 as a front-end sets it up for live events: queries over HTTP, subscriptions over
 * `GraphQLWsLink` (graphql-ws), split by operation type, with the typed client's generated document.
 */
describe('Apollo Client subscriptions over GraphQLWsLink', () => {
  const token = 'apollo-client-token-0123456789';
  const gateway = useTestGateway({ env: { ROCKETCHAT_WEBHOOK_TOKEN: token } });
  const dispatcher = new Agent();
  afterAll(() => dispatcher.close());

  it('receives a Livechat event through useSubscription’s link, typed, from the generated document', async () => {
    const ws = createClient({ url: gateway().url.replace(/^http/, 'ws'), webSocketImpl: WebSocket });
    const http = new HttpLink({ uri: gateway().url, fetch: ((url: string, init: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch });
    const link = ApolloLink.split(
      ({ query }) => {
        const definition = getMainDefinition(query);
        return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
      },
      new GraphQLWsLink(ws),
      http,
    );
    const client = new ApolloClient({ link, cache: new InMemoryCache({ possibleTypes }) });
    const received: unknown[] = [];
    const subscription = client.subscribe({ query: LivechatEventsDocument, variables: { types: ['SESSION_QUEUED'] } }).subscribe({
      next: (result) => received.push(result.data?.livechatEvents),
    });
    try {
      await waitForSubscriptions(gateway().url, 1);
      const response = await request(new URL('/webhooks/rocketchat/default', gateway().url).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-rocketchat-livechat-token': token },
        body: JSON.stringify({
          type: 'LivechatSessionQueued',
          _id: 'room-apollo',
          departmentId: null,
          visitor: { _id: 'v1', token: 't', name: 'Ana', username: 'guest-1', email: [{ address: 'ana@example.com' }], phone: [{ phoneNumber: '+5215555555' }] },
          messages: [],
        }),
      });
      expect(response.statusCode).toBe(200);
      await response.body.text();
      for (let waited = 0; received.length === 0 && waited < 5_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(received).toEqual([
        expect.objectContaining({
          __typename: 'LivechatEvent',
          type: 'SESSION_QUEUED',
          roomId: 'room-apollo',
          visitor: expect.objectContaining({ name: 'Ana', emails: ['ana@example.com'], phones: ['+5215555555'] }),
          agent: null,
        }),
      ]);
    } finally {
      subscription.unsubscribe();
      await ws.dispose();
    }
  });
});
