import type { Resolvers } from '../../__generated__/resolvers-types.js';
import type { GatewayContext, LiveEvents } from '../../context.js';
import { ErrorCode, GatewayError } from '../../errors.js';
import type { GatewayEvent, LivechatEventModel, WidgetEventModel } from '../../events/model.js';
import { checkId } from '../shared/input.js';

/**
 * Subscriptions: each source event is a GatewayEvent from the hub, already the caller's tenant's; the
 * filters are applied before an event is queued for the subscriber, so filtered events cost no buffer.
 * Every event is then executed in a fresh context (endpoint/subscriptions/), so `agent` is read live.
 */
export const eventResolvers: Resolvers = {
  Subscription: {
    livechatEvents: {
      subscribe(_parent, { types, departmentId }, context) {
        const wanted = types && types.length > 0 ? new Set<string>(types) : undefined;
        const department = departmentId === null || departmentId === undefined ? undefined : checkId(departmentId, 'departmentId');
        return liveEventsOf(context).subscribe('livechat', (event) => {
          if (event.kind !== 'livechat') return false;
          if (wanted && !wanted.has(event.event.type)) return false;
          // A department's board also sees the sessions forwarded away from it.
          return department === undefined || event.event.departmentId === department || event.event.previousDepartmentId === department;
        });
      },
      resolve: (event: GatewayEvent): LivechatEventModel => {
        if (event.kind !== 'livechat') throw new Error(`livechatEvents received a ${event.kind} event`);
        return event.event;
      },
    },
    widgetEvents: {
      subscribe(_parent, { types }, context) {
        const wanted = types && types.length > 0 ? new Set<string>(types) : undefined;
        return liveEventsOf(context).subscribe('widget', (event) => event.kind === 'widget' && (wanted === undefined || wanted.has(event.event.type)));
      },
      resolve: (event: GatewayEvent): WidgetEventModel => {
        if (event.kind !== 'widget') throw new Error(`widgetEvents received a ${event.kind} event`);
        return event.event;
      },
    },
  },

  LivechatEvent: {
    agent: (event, _args, { rocketchat }) => (event.agentId === null ? null : rocketchat.agent('AGENT', event.agentId)),
    previousAgent: (event, _args, { rocketchat }) => (event.previousAgentId === null ? null : rocketchat.agent('AGENT', event.previousAgentId)),
  },
};

/** Subscriptions run only over WebSocket or SSE, whose contexts carry the hub; elsewhere they are refused earlier. */
function liveEventsOf(context: GatewayContext): LiveEvents {
  if (!context.liveEvents) throw new GatewayError(ErrorCode.BAD_USER_INPUT, 'Subscriptions are served over WebSocket (graphql-ws) or Server-Sent Events on /graphql.');
  return context.liveEvents;
}
