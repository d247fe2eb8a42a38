/**
 * The console's HTTP server (node:http, on 127.0.0.1 only): `GET /` the page (page.ts), and the
 * JSON API (api.ts) under /api/. A request whose Host is not this loopback address is refused (a
 * page elsewhere cannot reach the console through DNS rebinding), and every POST must be
 * `application/json` (a form on another site cannot post one without a CORS preflight, which is
 * never answered).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiAnswer, ConsoleApi } from './api.ts';
import { CONSOLE_CSP, consolePage } from './page.ts';

/** The console's port unless `console --port` says otherwise (and the one `dev` prints). */
export const DEFAULT_CONSOLE_PORT = 8789;

/** The largest API body read (an edited request envelope is a few kilobytes). */
const MAX_BODY_BYTES = 1024 * 1024;

/** A console that listens: its address, and how to stop it (every connection dropped). */
export interface RunningConsole {
  /** The page's address, `http://127.0.0.1:<port>/`. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown> | string> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return 'the API takes application/json';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return `the body is larger than ${MAX_BODY_BYTES} bytes`;
    chunks.push(chunk);
  }
  try {
    const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : 'the body must be a JSON object';
  } catch {
    return 'the body is not JSON';
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', 'content-security-policy': CONSOLE_CSP });
  res.end(body);
}

const json = (res: ServerResponse, answer: ApiAnswer) => send(res, answer.status, 'application/json; charset=utf-8', JSON.stringify(answer.body));

type PostRoute = (api: ConsoleApi, body: Record<string, unknown>) => Promise<ApiAnswer>;
const POSTS: Readonly<Record<string, PostRoute>> = {
  '/api/say': (api, body) => api.say(body),
  '/api/session': (api, body) => api.session(body),
  '/api/link': (api, body) => api.link(body),
  '/api/unlink': (api, body) => api.unlink(body),
  '/api/voice-link': (api, body) => api.voiceLink(body),
  '/api/resend': (api, body) => api.resend(body),
  '/api/permission': (api, body) => api.permission(body),
};

async function route(api: ConsoleApi, req: IncomingMessage, res: ServerResponse, host: string): Promise<void> {
  if (req.headers.host !== host && req.headers.host !== host.replace('127.0.0.1', 'localhost')) {
    return send(res, 421, 'text/plain; charset=utf-8', 'The console answers on its loopback address only.');
  }
  const url = new URL(req.url ?? '/', `http://${host}`);
  if (req.method === 'GET' && url.pathname === '/') return send(res, 200, 'text/html; charset=utf-8', consolePage());
  if (req.method === 'GET' && url.pathname === '/api/info') return json(res, await api.info(url.searchParams.get('locale'), url.searchParams.get('person')));
  if (req.method === 'GET' && url.pathname === '/api/kv') return json(res, await api.kv());
  if (req.method === 'GET' && url.pathname === '/api/link/result') return json(res, await api.linkResult());
  const post = POSTS[url.pathname];
  if (!post) return json(res, { status: 404, body: { error: `no such route: ${req.method} ${url.pathname}` } });
  if (req.method !== 'POST') return json(res, { status: 405, body: { error: `${url.pathname} takes POST` } });
  const body = await bodyOf(req);
  return json(res, typeof body === 'string' ? { status: 400, body: { error: body } } : await post(api, body));
}

/**
 * Serves the console for `api` on 127.0.0.1:`port` (0: a free port).
 * @throws {Error} the port is in use (EADDRINUSE), for the command to name.
 */
export function serveConsole(api: ConsoleApi, port: number): Promise<RunningConsole> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer((req, res) => {
      const { port: at } = server.address() as AddressInfo;
      route(api, req, res, `127.0.0.1:${at}`).catch((error: unknown) => {
        // A defect, not a turn: the page shows the one line, the console goes on.
        if (!res.headersSent) json(res, { status: 500, body: { error: error instanceof Error ? error.message.split('\n')[0] : String(error) } });
        else res.end();
      });
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: at } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${at}/`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
