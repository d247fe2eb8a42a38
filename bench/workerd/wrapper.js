/**
 * Bench-only entry module for `workerd serve` (bench/workerd.ts). It loads the deploy bundle
 * (`./index.js`) unchanged and gives it:
 * - `CACHE`: an in-memory KV (a Map, with expiry) that counts reads and writes; the bundle sees
 *   the same get/put/delete/list API as Workers KV, none of Miniflare's SQLite.
 * - `x-bench-new-isolate: 1`: a fresh bindings object, so a fresh Runtime (empty certificate and
 *   token caches: the certificate and the token come from KV), like a new isolate.
 * - `/__bench/load` and `/__bench/run`: the in-isolate loop. `load` stores signed requests in
 *   memory; `run` calls the bundle's (or an empty Worker's) `fetch` on each, one after another,
 *   reads every answer and checks it. The bench reads workerd's CPU from /proc around `run`.
 *   With `mock=1` the provider and S3 are answered in the isolate (global fetch replaced), so
 *   no hop leaves the isolate.
 */
import worker from './index.js';

const stats = { kvReads: 0, kvWrites: 0, kvOther: 0 };
const store = new Map();

function memoryKv() {
  const live = (key) => {
    const entry = store.get(key);
    if (entry && entry.expires !== undefined && entry.expires <= Date.now()) store.delete(key);
    return store.get(key);
  };
  const text = async (value) => (typeof value === 'string' ? value : new Response(value).text());
  const as = (value, type) => {
    if (value === undefined) return null;
    if (type === 'json') return JSON.parse(value);
    if (type === 'arrayBuffer') return new TextEncoder().encode(value).buffer;
    if (type === 'stream') return new Response(value).body;
    return value;
  };
  const typeOf = (options) => (typeof options === 'string' ? options : options?.type ?? 'text');
  return {
    async get(key, options) {
      stats.kvReads++;
      return as(live(key)?.value, typeOf(options));
    },
    async getWithMetadata(key, options) {
      stats.kvReads++;
      const entry = live(key);
      return { value: as(entry?.value, typeOf(options)), metadata: entry?.metadata ?? null, cacheStatus: null };
    },
    async put(key, value, options = {}) {
      stats.kvWrites++;
      const expires = options.expiration ? options.expiration * 1000 : options.expirationTtl ? Date.now() + options.expirationTtl * 1000 : undefined;
      store.set(key, { value: await text(value), expires, metadata: options.metadata });
    },
    async delete(key) {
      stats.kvOther++;
      store.delete(key);
    },
    async list(options = {}) {
      stats.kvOther++;
      const keys = [...store.keys()].filter((k) => live(k) && k.startsWith(options.prefix ?? '')).sort();
      return { keys: keys.map((name) => ({ name })), list_complete: true, cacheStatus: null };
    },
  };
}

const empty = { fetch: () => new Response('noop') };
let warm;
let loaded = [];

function bindings(env, fresh) {
  if (!fresh && warm) return warm;
  const settings = { ...env, CACHE: memoryKv() };
  delete settings.OUTBOUND;
  delete settings.MOCK_CHAIN_PEM;
  if (!fresh) warm = settings;
  return settings;
}

/** Answers the provider and S3 inside the isolate: the JWKS, the profile, a ride, the chain. */
function mockFetch(env, mock) {
  return async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.pathname.endsWith('.pem')) return new Response(env.MOCK_CHAIN_PEM);
    if (url.pathname === '/.well-known/jwks.json') return Response.json(mock.jwks);
    if (url.pathname === '/api/profile') return Response.json(mock.profile);
    if (url.pathname === '/api/rides') return Response.json({ id: 'ride-1', etaMinutes: 7 }, { status: 201 });
    if (url.pathname === '/userinfo') return Response.json({ sub: mock.profile.id });
    if (url.pathname === '/v1/directives') return new Response(null, { status: 204 }); // Alexa: a progressive response accepted
    return new Response('not found', { status: 404 });
  };
}

async function run(params, env, ctx) {
  const target = params.get('target') === 'empty' ? empty : worker;
  const fresh = params.get('fresh') === '1';
  const realFetch = globalThis.fetch;
  if (params.get('mock') === '1') globalThis.fetch = mockFetch(env, loaded.mock);
  let wrong = 0;
  let firstWrong;
  try {
    for (const { url, body, headers, expected } of loaded.requests) {
      const request = new Request(url, { method: 'POST', headers, body });
      const response = await target.fetch(request, bindings(env, fresh), ctx);
      const answer = await response.text();
      if (target === worker && (response.status !== 200 || !answer.includes(expected))) {
        wrong++;
        firstWrong ??= `${response.status} ${answer.slice(0, 200)}`;
      }
    }
  } finally {
    globalThis.fetch = realFetch;
  }
  return Response.json({ n: loaded.requests.length, wrong, firstWrong });
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    switch (url.pathname) {
      case '/__bench/stats': {
        const outbound = await (await env.OUTBOUND.fetch('http://bench.internal/__count')).json();
        return Response.json({ ...stats, subrequests: outbound.subrequests });
      }
      case '/__bench/reset':
        stats.kvReads = stats.kvWrites = stats.kvOther = 0;
        await env.OUTBOUND.fetch('http://bench.internal/__reset');
        return new Response('ok');
      case '/__bench/noop':
        return new Response('noop');
      case '/__bench/load':
        loaded = await request.json();
        return new Response('ok');
      case '/__bench/run':
        return run(url.searchParams, env, ctx);
      default:
        return worker.fetch(request, bindings(env, request.headers.get('x-bench-new-isolate') === '1'), ctx);
    }
  },
};
