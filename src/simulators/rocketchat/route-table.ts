import type { IncomingMessage } from 'node:http';
import type { SimResponse } from '../http-kit.js';
import type { RocketChatState, SimUser } from './state.js';

/**
 * The simulator's routes as a table, so that every route gets what server.ts wraps around them all:
 * authentication, the rate limiter (keyed by method, route pattern and client IP, as Rocket.Chat's is),
 * fault injection and the request log. A route only says what it answers once those let it through.
 */

/** Which server generation's answers to give: current (8.x) servers, or the 7.x line's older error bodies. */
export type RocketChatVersion = '8.x' | '7.x';

export interface RouteContext {
  state: RocketChatState;
  /** The authenticated user. */
  caller: SimUser;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  version: RocketChatVersion;
  /** Orders what ties on every sort key: the database has no tie-breaker, so neither may we. */
  shuffle: <T>(items: T[]) => T[];
  /** The request body parsed as JSON (an empty body is `{}`), or the answer to a body that is not JSON. */
  json(): Promise<{ value: unknown } | SimResponse>;
  req: IncomingMessage;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Rocket.Chat's own route path, `:name` for a parameter (one path segment). */
  pattern: string;
  handle(context: RouteContext): SimResponse | Promise<SimResponse>;
}

export type RouteMatch =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  /** The path is a route's, the method is not: answered 404 after authentication, like an unknown action. */
  | { kind: 'method'; pattern: string }
  /** A parameter is not valid percent-encoding. */
  | { kind: 'malformed'; pattern: string }
  | { kind: 'none' };

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

export class RouteTable {
  private readonly compiled: Compiled[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.pattern
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          names.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { route, regex: new RegExp(`^${source}$`), names };
    });
  }

  /** The route for a raw (still percent-encoded) path: the first in table order whose pattern and method fit. */
  match(method: string, path: string): RouteMatch {
    const hits = this.compiled
      .map((entry) => ({ entry, groups: entry.regex.exec(path) }))
      .filter((hit): hit is { entry: Compiled; groups: RegExpExecArray } => hit.groups !== null);
    if (hits.length === 0) return { kind: 'none' };
    const hit = hits.find(({ entry }) => entry.route.method === method);
    if (!hit) return { kind: 'method', pattern: (hits[0] as { entry: Compiled }).entry.route.pattern };
    const params: Record<string, string> = {};
    for (const [index, name] of hit.entry.names.entries()) {
      const value = decode(hit.groups[index + 1] as string);
      if (value === undefined) return { kind: 'malformed', pattern: hit.entry.route.pattern };
      params[name] = value;
    }
    return { kind: 'route', route: hit.entry.route, params };
  }
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
