import type { IncomingMessage, ServerResponse } from 'node:http';

export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`Request body is larger than ${limitBytes} bytes.`);
    this.name = 'BodyTooLargeError';
  }
}

/** The body's bytes are not UTF-8: refused rather than silently turned into U+FFFD characters. */
export class InvalidUtf8Error extends Error {
  constructor() {
    super('Request body is not valid UTF-8.');
    this.name = 'InvalidUtf8Error';
  }
}

/** The client went away before its body ended. */
export class BodyAbortedError extends Error {
  constructor() {
    super('The client closed the connection before its request body ended.');
    this.name = 'BodyAbortedError';
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * How long a refused request's unread body is still read (and discarded) before the connection is cut:
 * long enough for a client on a slow link to finish sending a body of the size limit and read the answer.
 */
export const DEFAULT_LINGER_MS = 5_000;

/**
 * Reads a request body as UTF-8, refusing it as soon as it grows past the limit, or when it is not UTF-8.
 * A refused body is not destroyed (breaking out of the stream would reset the connection while the
 * client is still sending, and it would see EPIPE instead of our answer): the rest keeps flowing and is
 * discarded, bounded by `endAfterBody`.
 */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  return decodeUtf8(await readRawBody(req, limitBytes));
}

/** The bytes as UTF-8 text; throws InvalidUtf8Error rather than turn bad bytes into U+FFFD characters. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new InvalidUtf8Error();
  }
}

/**
 * Reads a request body's bytes as they came, with readBody's size limit and its handling of a refused or
 * aborted body: for callers that must see the exact bytes (a webhook signature is computed over them).
 */
export function readRawBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onAborted).off('close', onAborted);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
      else settle(() => reject(new BodyTooLargeError(limitBytes)));
    };
    const onEnd = () => settle(() => resolve(Buffer.concat(chunks)));
    const onAborted = () => settle(() => reject(new BodyAbortedError()));
    req.on('data', onData).once('end', onEnd).once('error', onAborted).once('close', onAborted);
  });
}

/**
 * Ends a response whose answer is already written, once the request's body has been read — what nginx
 * calls a lingering close. Early refusals (413, 401, 429, 415, 404 …) answer before reading the body; a
 * client still sending must get to read that answer rather than fail with EPIPE because the connection
 * was reset under it. So the answer goes out at once (complete, with its content-length), the rest of the
 * body is read and thrown away for at most `lingerMs` whatever its size, and only then is the response
 * ended: a keep-alive connection goes on (the parser consumed the body exactly), a closing one closes
 * cleanly. A client still sending after `lingerMs` is cut off.
 */
export function endAfterBody(req: IncomingMessage, res: ServerResponse, lingerMs: number): void {
  if (res.writableEnded) return;
  if (req.readableEnded || req.destroyed || !hasBody(req)) {
    res.end();
    return;
  }
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    res.end();
  };
  const timer = setTimeout(() => {
    end();
    req.socket.destroy();
  }, lingerMs);
  timer.unref();
  req.once('end', end).once('close', end);
  // Swallowed: a client that hangs up mid-body ends this request; it is not a fault of ours.
  req.on('error', () => undefined);
  req.resume();
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
}
