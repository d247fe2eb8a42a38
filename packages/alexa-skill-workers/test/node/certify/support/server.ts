/** A node:http server on 127.0.0.1 and an ephemeral port, for one test; `close` drops every connection. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Running {
  readonly url: string;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => unknown;

export async function serve(handler: Handler): Promise<Running> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => void Promise.resolve(handler(req, body, res)).catch(() => res.writeHead(500).end()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A Net for certify whose "internet" is as the test says; fetch is the real one, to 127.0.0.1. */
export const testNet = (online: boolean) => ({ fetch: globalThis.fetch.bind(globalThis), online: () => Promise.resolve(online) });
