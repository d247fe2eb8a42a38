/** Servers on 127.0.0.1 for the OAuth client's tests: a provider the test shapes, and ports nothing listens on. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Net } from '../../../src/cli/net.ts';

export interface Running {
  readonly url: string;
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => unknown;

/** A node:http server on an ephemeral port; `close` drops every connection. */
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

/** A port nothing listens on: bound, then released. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The real fetch (to 127.0.0.1 only, in these tests), and no internet. */
export const localNet: Net = { fetch: globalThis.fetch.bind(globalThis), online: () => Promise.resolve(false) };

/** The code of a rejected promise's error, or what it was instead. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code ?? `no code: ${String(error)}`;
  }
  return 'no error';
}
