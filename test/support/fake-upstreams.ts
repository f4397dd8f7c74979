import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { closeServer, listen } from '../../src/simulators/http-kit';

/** A TCP server that accepts connections and never answers: a hung upstream. */
export async function startHangingUpstream(): Promise<{
  url: string;
  /** Requests received (each hangs). */
  requests(): number;
  /** Connections the client has closed (a released socket). */
  closedByClient(): number;
  close(): Promise<void>;
}> {
  const sockets = new Set<Socket>();
  let requests = 0;
  let closed = 0;
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => (requests += 1));
    socket.on('close', () => {
      if (sockets.delete(socket)) closed += 1;
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    closedByClient: () => closed,
    close: async () => {
      const open = [...sockets];
      sockets.clear();
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An HTTP server that answers every request with the given status, headers and raw body. */
export async function startFixedUpstream(
  status: number,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<{ url: string; close(): Promise<void> }> {
  const server: HttpServer = createHttpServer((_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  });
  const url = await listen(server, 0, '127.0.0.1');
  return { url, close: () => closeServer(server) };
}

/** A URL on which nothing listens (the port was free a moment ago). */
export async function closedPortUrl(): Promise<string> {
  const server = createHttpServer();
  const url = await listen(server, 0, '127.0.0.1');
  await closeServer(server);
  return url;
}

/** A TCP server that answers 200 with headers promising more body than it sends, then cuts the connection. */
export async function startTruncatingUpstream(): Promise<{ url: string; requests(): number; close(): Promise<void> }> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server: TcpServer = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    socket.once('data', () => {
      requests += 1;
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"status_code":43');
      setTimeout(() => socket.destroy(), 20);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
