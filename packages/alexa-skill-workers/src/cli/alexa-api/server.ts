/**
 * A local Alexa API: the testing entry's {@link FakeAlexaApi} served over HTTP on 127.0.0.1, for
 * the simulator (`simulate`) and any other local Alexa of the command line (the console). A skill
 * running on this machine gets its address as `context.System.apiEndpoint` and a token this server
 * issued as `context.System.apiAccessToken`, and calls it as it would call Amazon's hosts (the kit's
 * `AlexaApiClient` does so only with `allowDevelopmentTrust`, in a development build).
 *
 * What it answers is the fake's: the Progressive Response API (`POST /v1/directives`), the Settings
 * API, the Customer Profile and Person Profile APIs, with 401 for a token it did not issue (or none)
 * and 403 for a permission the account or the recognized speaker has not granted, as Amazon's
 * reference pages say. What it adds: the HTTP listener, one token per request bound to that
 * request's account, speaker and device, a record of every call (method, path, status, the
 * progressive response's speech; never the token or the body), and {@link LocalAlexaApi.settled},
 * so the caller knows when the calls a skill started have been answered.
 *
 * Use: `const api = await startLocalAlexaApi()`; per request `api.issue(user, identity)`, then
 * `await api.settled(limit)` once the skill has answered; `await api.close()` on every way out.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html#system-object
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/progressive-response-api-reference.html
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/customer-profile-api-reference.html (response codes: 401 a token malformed or invalid, 403 "The authentication token does not have access to resource")
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/person-profile-api-reference.html
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FakeAlexaApi, type FakeAlexaIdentity, type FakeAlexaUser } from '../../testing/alexa-api.ts';

/** A request body larger than this is refused (413) before the fake reads it: Alexa's API bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;

/** Headers of the connection, not of the request the fake reads. */
const HOP_HEADERS: ReadonlySet<string> = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

/** One call a skill made, as recorded: never the token, never the body. */
export interface AlexaApiCall {
  readonly method: string;
  /** The path called, without its query. */
  readonly path: string;
  readonly status: number;
  /** For `POST /v1/directives` whose body names a `VoicePlayer.Speak` speech: what it says, SSML tags removed. */
  readonly speech?: string;
}

/** A running local Alexa API. */
export interface LocalAlexaApi {
  /** What requests carry as `context.System.apiEndpoint`: `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Every call answered since the start, in the order they were answered. */
  readonly calls: readonly AlexaApiCall[];
  /**
   * Issues an `apiAccessToken` for one request: random, bound to `identity` (the account, the
   * recognized speaker, the device), answering per `user`'s consent and values as they are now
   * (`user.userId` must be `identity.userId`). Never print or log it.
   */
  issue(user: FakeAlexaUser, identity: FakeAlexaIdentity): string;
  /**
   * Resolves `true` once no call is in flight (no connection open to the server: each call has a
   * connection of its own), `false` when `limitMs` passes first. Connections the system has
   * accepted but Node has not yet seen are counted: the first check runs after a poll phase of the
   * event loop. A call a skill starts after this resolved is answered and recorded, but not waited for.
   */
  settled(limitMs: number): Promise<boolean>;
  /** Stops listening and drops every connection; resolves once the port is free. Safe to call twice. */
  close(): Promise<void>;
}

/** {@link startLocalAlexaApi}'s options. */
export interface LocalAlexaApiOptions {
  /** The port on 127.0.0.1; default 0, an ephemeral one. */
  readonly port?: number;
}

/**
 * Starts a local Alexa API on 127.0.0.1.
 * @throws {Error} Node's listen error (e.g. `EADDRINUSE` for a `port` in use).
 */
export async function startLocalAlexaApi(options: LocalAlexaApiOptions = {}): Promise<LocalAlexaApi> {
  const fake = new FakeAlexaApi();
  const calls: AlexaApiCall[] = [];
  const open = new Set<Socket>();
  const waiters = new Set<() => void>();
  let base = '';
  const server = createServer((req, res) => {
    void answer(fake, base, req, res).then((call) => calls.push(call), () => {
      // A bug of the fake's: answered as Amazon's own failure would be, and recorded.
      if (!res.headersSent) res.writeHead(500, { connection: 'close' });
      res.end();
      calls.push({ method: req.method ?? 'GET', path: new URL(req.url ?? '/', base).pathname, status: 500 });
    });
  });
  server.on('connection', (socket) => {
    open.add(socket);
    socket.once('close', () => {
      open.delete(socket);
      if (open.size === 0) for (const wake of [...waiters]) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let closed: Promise<void> | undefined;
  return {
    endpoint: base,
    calls,
    issue(user, identity) {
      fake.user(user);
      return fake.token(identity);
    },
    async settled(limitMs) {
      // Two turns of the event loop: the second comes after a whole poll phase, which takes in the
      // connections the system has already accepted (a call started before the answer came in).
      for (let turn = 0; turn < 2; turn++) await new Promise((resolve) => setImmediate(resolve));
      if (open.size === 0) return true;
      return new Promise<boolean>((resolve) => {
        const done = (result: boolean) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(result);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), limitMs);
        waiters.add(wake);
      });
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
}

/** Answers one HTTP request with the fake, on a connection that closes after it; resolves with its record. */
async function answer(fake: FakeAlexaApi, base: string, req: IncomingMessage, res: ServerResponse): Promise<AlexaApiCall> {
  const path = new URL(req.url ?? '/', base).pathname;
  const method = req.method ?? 'GET';
  const body = await readBody(req);
  let response: Response;
  let speech: string | undefined;
  if (body === 'too-large') {
    response = Response.json({ code: 'INVALID_REQUEST', message: 'Request body too large.' }, { status: 413 });
  } else {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && !HOP_HEADERS.has(name)) headers.set(name, value);
    const hasBody = method !== 'GET' && method !== 'HEAD';
    response = await fake.handle(new Request(new URL(path, base), { method, headers, ...(hasBody && { body: new Uint8Array(body) }) }));
    if (method === 'POST' && path === '/v1/directives') speech = speechOf(body);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), connection: 'close', 'content-length': String(bytes.byteLength) });
  res.end(bytes);
  return { method, path, status: response.status, ...(speech !== undefined && { speech }) };
}

/** The request's body, or `too-large` past {@link MAX_BODY_BYTES} (the rest is not read). */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.byteLength;
      if (length > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        resolve('too-large');
      } else {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', () => resolve(Buffer.concat(chunks)));
  });
}

/** A directive body's `directive.speech`, SSML tags removed; `undefined` when the body is not such JSON. */
function speechOf(body: Buffer): string | undefined {
  try {
    const speech = (JSON.parse(body.toString('utf8')) as { directive?: { speech?: unknown } } | null)?.directive?.speech;
    return typeof speech === 'string' ? speech.replace(/<[^>]+>/g, '').trim() : undefined;
  } catch {
    return undefined;
  }
}
