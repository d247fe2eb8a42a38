import type { RequestEnvelope, services } from 'ask-sdk-model';
import type { RequestContext } from '../core/context.ts';
import { consoleLogger, type Logger } from '../core/log.ts';
import { fetchOption, numberOption, optionsObject } from '../core/options.ts';
import { BodyTooLargeError, readLimited } from '../lib/body.ts';
import { fromUtf8 } from '../lib/bytes.ts';
import { apiAccessOf, checkEndpoint, type EndpointCheck } from './endpoint.ts';
import { AlexaApiError, codeOfStatus } from './errors.ts';

/**
 * Default per-call timeout of the Alexa service APIs: Amazon's own hosts in the user's region; a
 * progressive response or a setting is worth little once a second has gone, of the 8 s a skill has
 * to answer (Amazon, "Send the User a Progressive Response": progressive responses do not change it).
 */
export const DEFAULT_ALEXA_API_TIMEOUT_MS = 1000;
/** The Alexa APIs' answers read here are small JSON values; anything larger is refused. */
const MAX_RESPONSE_BYTES = 64 * 1024;
/** What an `apiAccessToken` may be for this kit to send it: one run of visible ASCII (no header injection). */
const SENDABLE_TOKEN = /^[\x21-\x7e]+$/;

/** What {@link AlexaApiClient} needs; all optional, checked when it is created. */
export interface AlexaApiClientOptions {
  /** The `fetch` calls go through. Default the global one, looked up at call time. */
  readonly fetch?: typeof fetch | undefined;
  /** Per call, in milliseconds, 100 to 5000. Default {@link DEFAULT_ALEXA_API_TIMEOUT_MS}. */
  readonly timeoutMs?: number | undefined;
  /**
   * Local development and tests only: also call an `apiEndpoint` on this machine (`http:` or
   * `https:` on `localhost`, `127.0.0.1`, `[::1]`), a stand-in for Alexa's APIs. Default `false`: a
   * production build calls Amazon's hosts ({@link ALEXA_API_HOSTS}) and nothing else.
   */
  readonly allowDevelopmentTrust?: boolean | undefined;
  /** Receives the refusals of {@link AlexaApiClient.invoke}, which has no request context. Default {@link consoleLogger}. */
  readonly log?: Logger | undefined;
}

/** One call of {@link AlexaApiClient.call}; `read` checks the JSON answer (throw an {@link AlexaApiError} when it is not what the API documents). */
export interface AlexaApiCall<T = unknown> {
  /** Names the API in log lines (`directives`, `Profile.givenName`): never a value. */
  readonly api: string;
  readonly method: 'GET' | 'POST';
  /** The path under the request's `apiEndpoint` (`/v1/directives`), path parameters encoded. */
  readonly path: string;
  /** A JSON body (sent as `application/json`). */
  readonly json?: unknown;
  readonly read?: (body: unknown) => T;
}

/**
 * Calls Alexa's service APIs with `fetch`, for Workers: ask-sdk-core's `DefaultApiClient` needs
 * Node's `https`. Every call goes to the request's `context.System.apiEndpoint` only when it is one
 * of Amazon's API hosts ({@link ALEXA_API_HOSTS}; a loopback endpoint too, with
 * `allowDevelopmentTrust`); any other endpoint is refused before anything is sent, and logged
 * (`alexa_api_refused` with the reason, never the value). Each call has its own timeout and a size
 * limit, does not follow redirects, and never logs the `apiAccessToken`.
 *
 * Two ways in: {@link call}, which the kit's helpers use (progressive responses, settings, profile),
 * reads the endpoint and the token from the envelope and throws {@link AlexaApiError} for every
 * failure; and {@link invoke}, ask-sdk-model's `services.ApiClient`, for ask-sdk's own service
 * clients (`SkillBuilders.custom().withApiClient(client)`: see the kit's docs/shims.md), which
 * resolves with any HTTP status, as that interface requires, and rejects only when nothing came back.
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/request-and-response-json-reference.html#system-object
 */
export class AlexaApiClient implements services.ApiClient {
  /** The per-call timeout, in milliseconds. */
  readonly timeoutMs: number;
  readonly #fetch: typeof fetch;
  readonly #allowLoopback: boolean;
  readonly #log: Logger;

  /** @throws {ConfigError} `CONFIG_INVALID` naming `fetch` or `timeoutMs` when malformed. */
  constructor(options: AlexaApiClientOptions = {}) {
    optionsObject(options, 'AlexaApiClient');
    this.#fetch = fetchOption(options.fetch);
    this.timeoutMs = numberOption(options, 'timeoutMs', DEFAULT_ALEXA_API_TIMEOUT_MS, 100, 5000);
    this.#allowLoopback = options.allowDevelopmentTrust === true;
    this.#log = options.log ?? consoleLogger;
  }

  /**
   * Calls one of the request's Alexa APIs with `Authorization: Bearer {apiAccessToken}` and returns
   * its JSON (`undefined` for 204 or an empty body), checked by `call.read`. Logs every failure as `alexa_api_failed` (the
   * API, the code, the status), a refused endpoint as `alexa_api_refused`; never the token.
   * @throws {AlexaApiError} `ALEXA_API_NO_TOKEN` (nothing sent), `ALEXA_API_ENDPOINT_REFUSED` (nothing sent),
   *   `ALEXA_API_UNAUTHORIZED`, `ALEXA_API_FORBIDDEN`, `ALEXA_API_THROTTLED`, `ALEXA_API_REJECTED`,
   *   `ALEXA_API_UNAVAILABLE`, `ALEXA_API_TIMEOUT`
   */
  async call<T = unknown>(envelope: RequestEnvelope, call: AlexaApiCall<T>, ctx: RequestContext): Promise<T> {
    try {
      return await this.#call(envelope, call, ctx.log);
    } catch (error) {
      if (error instanceof AlexaApiError) {
        const level = error.code === 'ALEXA_API_FORBIDDEN' || error.code === 'ALEXA_API_NO_TOKEN' ? 'info' : 'warn';
        ctx.log[level]('alexa_api_failed', { api: call.api, code: error.code, status: error.status });
      }
      throw error;
    }
  }

  async #call<T>(envelope: RequestEnvelope, call: AlexaApiCall<T>, log: Logger): Promise<T> {
    const access = apiAccessOf(envelope);
    if (!access || !SENDABLE_TOKEN.test(access.token)) throw new AlexaApiError('ALEXA_API_NO_TOKEN', 'the request has no usable apiEndpoint and apiAccessToken; nothing was sent');
    const base = this.#allowed(checkEndpoint(access.endpoint, this.#allowLoopback), log);
    const headers: Record<string, string> = { authorization: `Bearer ${access.token}`, accept: 'application/json' };
    if (call.json !== undefined) headers['content-type'] = 'application/json';
    const sent = call.json === undefined ? undefined : JSON.stringify(call.json);
    const response = await this.#send(`${base}${call.path}`, { method: call.method, headers, body: sent });
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel();
      throw new AlexaApiError(codeOfStatus(response.status), `${call.api} answered ${response.status}`, { status: response.status });
    }
    const text = await this.#read(response);
    let body: unknown;
    try {
      body = response.status === 204 || text.trim() === '' ? undefined : (JSON.parse(text) as unknown);
    } catch (cause) {
      throw new AlexaApiError('ALEXA_API_UNAVAILABLE', `${call.api} answered something that is not JSON`, { cause, status: response.status });
    }
    return call.read ? call.read(body) : (body as T);
  }

  /**
   * ask-sdk-model's `services.ApiClient`: sends `request` as it is when its URL passes the host rule,
   * and resolves with the status, headers and body text, whatever the status (ask-sdk's service
   * clients turn a failure status into their `ServiceError`).
   * @throws {AlexaApiError} `ALEXA_API_ENDPOINT_REFUSED` (nothing sent), `ALEXA_API_UNAVAILABLE`, `ALEXA_API_TIMEOUT`
   */
  async invoke(request: services.ApiClientRequest): Promise<services.ApiClientResponse> {
    this.#allowed(checkEndpoint(request.url, this.#allowLoopback), this.#log);
    const headers = new Headers();
    for (const { key, value } of request.headers ?? []) headers.append(key, value);
    const response = await this.#send(request.url, { method: request.method, headers, body: request.body });
    const body = await this.#read(response);
    return { statusCode: response.status, body, headers: [...response.headers].map(([key, value]) => ({ key, value })) };
  }

  /** The base URL of an endpoint that passed, else the refusal, logged. */
  #allowed(check: EndpointCheck, log: Logger): string {
    if (check.ok) return check.base;
    log.warn('alexa_api_refused', { reason: check.reason });
    throw new AlexaApiError('ALEXA_API_ENDPOINT_REFUSED', `the apiEndpoint is refused (${check.reason}); nothing was sent`);
  }

  async #send(url: string, init: RequestInit): Promise<Response> {
    const send = this.#fetch;
    try {
      return await send(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (cause) {
      throw failure(cause, 'the call failed');
    }
  }

  /** The body as text, at most {@link MAX_RESPONSE_BYTES}. */
  async #read(response: Response): Promise<string> {
    try {
      return fromUtf8(await readLimited(response.body, MAX_RESPONSE_BYTES, response.headers.get('content-length')));
    } catch (cause) {
      throw failure(cause, cause instanceof BodyTooLargeError ? 'the answer is too large' : 'the answer could not be read', response.status);
    }
  }
}

/**
 * A failed `fetch` or body read: `ALEXA_API_TIMEOUT` when the call's own timer fired (the signal's
 * `TimeoutError`, itself or as the cause of a failed read), else `ALEXA_API_UNAVAILABLE`.
 */
function failure(cause: unknown, message: string, status?: number): AlexaApiError {
  const nameOf = (error: unknown): unknown => (typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined);
  const timedOut = nameOf(cause) === 'TimeoutError' || nameOf((cause as { cause?: unknown } | undefined)?.cause) === 'TimeoutError';
  return timedOut
    ? new AlexaApiError('ALEXA_API_TIMEOUT', 'no answer in time', { cause, status })
    : new AlexaApiError('ALEXA_API_UNAVAILABLE', message, { cause, status });
}
