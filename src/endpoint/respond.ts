import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESPONSE_MEDIA_TYPES, type ResponseMediaType } from './graphql-over-http.js';

/**
 * Writes a whole JSON answer without ending the response: the request listener ends it once the
 * request's body is read, which for an early refusal means after discarding what the client still sends.
 */
export function sendJson(res: ServerResponse, status: number, body: unknown, mediaType: ResponseMediaType = RESPONSE_MEDIA_TYPES.json): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': mediaType, 'content-length': Buffer.byteLength(payload) });
  res.write(payload);
}

/** A GraphQL-shaped error answer: `{ errors: [{ message, extensions: { code } }] }`. */
export function sendError(res: ServerResponse, status: number, mediaType: ResponseMediaType, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, mediaType);
}

/** One route of the front door: answers and returns true when the request is its own. */
export type Handler = (exchange: Exchange) => boolean | Promise<boolean>;

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
}
