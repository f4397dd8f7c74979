import type { IncomingMessage } from 'node:http';

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

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads a request body as UTF-8, refusing it as soon as it grows past the limit, or when it is not UTF-8. */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limitBytes) throw new BodyTooLargeError(limitBytes);
    chunks.push(buffer);
  }
  try {
    return strictUtf8.decode(Buffer.concat(chunks));
  } catch {
    throw new InvalidUtf8Error();
  }
}
