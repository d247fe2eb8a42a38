// Perf-only wrapper around the deploy bundle (./index.js): a Map-backed KV, a mocked outbound fetch
// (S3 chain, provider), and an in-isolate loop of worker.fetch calls. Not part of the skill.
import worker from './index.js';

class MapKv {
  map = new Map();
  async get(key, type) {
    const v = this.map.get(key);
    if (v === undefined) return null;
    return type === 'json' ? JSON.parse(v) : v;
  }
  async getWithMetadata(key, type) { return { value: await this.get(key, type), metadata: null }; }
  async put(key, value) { this.map.set(key, String(value)); }
  async delete(key) { this.map.delete(key); }
  async list({ prefix = '' } = {}) {
    return { keys: [...this.map.keys()].filter((k) => k.startsWith(prefix)).map((name) => ({ name })), list_complete: true };
  }
}

let state; // { requests: { warm, unlinked, fresh: [] }, chainPem, profile, certUrl }
const kv = new MapKv();
let warmEnv;
const outbound = { count: 0 };

globalThis.fetch = async (input) => {
  outbound.count++;
  const url = typeof input === 'string' ? input : input.url;
  if (url === state.certUrl) return new Response(state.chainPem);
  const path = new URL(url).pathname;
  if (path === '/userinfo') return Response.json({ sub: state.profile.id, name: state.profile.name });
  if (path === '/api/profile') return Response.json(state.profile);
  return new Response('not mocked', { status: 599 });
};

const toRequest = (r) => new Request('https://skill.perf/', { method: 'POST', headers: r.headers, body: r.body });

async function call(r, env) {
  const pending = [];
  const ctx = { waitUntil: (p) => pending.push(p), passThroughOnException() {}, props: {} };
  const res = await worker.fetch(toRequest(r), env, ctx);
  const text = await res.text();
  await Promise.all(pending);
  if (res.status !== 200) throw new Error(`status ${res.status}: ${text}`);
  return text;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/__perf/load') {
      state = await request.json();
      warmEnv = { ...env, CACHE: kv };
      return new Response('ok');
    }
    if (url.pathname === '/__perf/stats') return Response.json({ outbound: outbound.count, kvKeys: kv.map.size });
    if (url.pathname === '/__perf/run') {
      const scenario = url.searchParams.get('scenario');
      const n = Number(url.searchParams.get('n'));
      const offset = Number(url.searchParams.get("offset") ?? 0);
      let sample = '';
      for (let i = 0; i < n; i++) {
        if (scenario === 'baseline') {
          const res = await (async () => new Response('{}'))(toRequest(state.requests.warm));
          sample = await res.text();
        } else if (scenario === 'warm') sample = await call(state.requests.warm, warmEnv);
        else if (scenario === 'unlinked') sample = await call(state.requests.unlinked, warmEnv);
        else if (scenario === 'fresh-token') sample = await call(state.requests.fresh[offset + i], warmEnv);
        // A fresh bindings object is a fresh Runtime: chain and token re-read from KV and re-validated.
        else if (scenario === 'new-isolate') sample = await call(state.requests.warm, { ...env, CACHE: kv });
        else return new Response('unknown scenario', { status: 400 });
      }
      return new Response(sample);
    }
    return worker.fetch(request, warmEnv ?? { ...env, CACHE: kv }, { waitUntil() {}, passThroughOnException() {}, props: {} });
  },
};
