import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Miniflare, NoOpLog, convertV4MiniflareOptions } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, launchRequest, signBody, SKILL_ID, type TestPki } from 'alexa-skill-workers/testing';
import { wranglerSettings } from '../tools/wrangler-config.ts';

/**
 * The bundle `npm run deploy` ships (`wrangler deploy --env production`, wrangler.toml's `define`
 * substituted by wrangler's bundler), run in workerd: given what `npm run dev` gives the skill, it
 * refuses to start and names the setting. The same settings on the top-level (development) bundle
 * verify a request signed by the development CA, so the refusal is the build's doing.
 */
const ROOT = resolve(import.meta.dirname, '..');
const WRANGLER = join(ROOT, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
const CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem';
const API = { OAUTH_USERINFO_URL: 'https://ride-hailer.test/userinfo', PROFILE_URL: 'https://ride-hailer.test/api/profile', RIDES_URL: 'https://ride-hailer.test/api/rides' };
const TOKENINFO = { LWA_CLIENT_ID: 'amzn1.application-oa2-client.dev', LWA_TOKENINFO_URL: 'http://localhost:8791/auth/o2/tokeninfo' };

const folders: string[] = [];
function bundle(env: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'skill-bundle-'));
  folders.push(dir);
  const run = spawnSync(process.execPath, [WRANGLER, 'deploy', '--dry-run', ...env, '--outdir', dir], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
  });
  if (run.status !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${run.stdout}${run.stderr}`);
  return readFileSync(join(dir, readdirSync(dir).find((file) => file.endsWith('.js'))!), 'utf8');
}

let devCa: TestPki;
let mf: Miniflare | undefined;
const lines: string[] = [];
/** Called after each log line arrives: workerd's structured logs reach Node through a pipe, after the response may have. */
let onLine: (() => void) | undefined;
const downloads: string[] = [];
const oneLine = (pem: string) => pem.trim().replace(/\n/g, '\\n');

const devCaSettings = () => ({ ALEXA_TRUSTED_ROOTS_PEM: oneLine(devCa.rootPem), ALEXA_DEV_CERT_CHAIN_PEM: oneLine(devCa.chainPem) });

/** One Worker per (bundle, settings), all in one workerd. */
const workers = {
  production: { production: true, settings: () => ({}) },
  productionWithDevCa: { production: true, settings: devCaSettings },
  productionWithRoots: { production: true, settings: () => ({ ALEXA_TRUSTED_ROOTS_PEM: devCa.rootPem }) },
  productionWithTokeninfo: { production: true, settings: () => TOKENINFO },
  developmentWithDevCa: { production: false, settings: devCaSettings },
} satisfies Record<string, { production: boolean; settings: () => Record<string, string> }>;
type WorkerName = keyof typeof workers;

/** wrangler.toml's compatibility date and flags ([env.production] inherits the top level's). */
function compatibility(): { compatibilityDate: string; compatibilityFlags: string[] } {
  const { compatibilityDate, compatibilityFlags } = wranglerSettings('production');
  return { compatibilityDate, compatibilityFlags: [...compatibilityFlags] };
}

beforeAll(async () => {
  devCa = await createTestPki({ label: 'Development' });
  const code = { production: bundle(['--env', 'production']), development: bundle([]) };
  mf = new Miniflare(convertV4MiniflareOptions({
    log: new NoOpLog(),
    handleStructuredLogs: ({ message }) => {
      lines.push(message);
      onLine?.();
    },
    workers: Object.entries(workers).map(([name, { production, settings }]) => ({
      name,
      // Nothing reaches the network: every subrequest is recorded and refused.
      outboundService: (request: Request) => {
        downloads.push(request.url);
        return new Response('blocked by test', { status: 599 });
      },
      modules: [{ type: 'ESModule' as const, path: join(ROOT, `${name}.js`), contents: production ? code.production : code.development }],
      ...compatibility(),
      kvNamespaces: ['CACHE'],
      bindings: { ALEXA_SKILL_ID: SKILL_ID, ...API, ...settings() },
    })),
  }));
  await mf.ready;
}, 120_000);

afterAll(async () => {
  await mf?.dispose();
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/**
 * Resolves once a line logging `event` has arrived, or after `patienceMs` (a loaded machine) with
 * what did: the caller's assertions then say what is missing. Not a timing assertion.
 */
function logOf(event: string, patienceMs = 15_000): Promise<string> {
  const has = () => lines.some((line) => line.includes(`"event":"${event}"`));
  if (has()) return Promise.resolve(lines.join('\n'));
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      onLine = undefined;
      resolve(lines.join('\n'));
    };
    const timer = setTimeout(done, patienceMs);
    onLine = () => {
      if (has()) done();
    };
  });
}

/** Sends a development-signed launch request to worker `name`; `logged` holds the lines up to the one logging `event`. */
async function send(name: WorkerName, event: string): Promise<{ status: number; logged: string }> {
  lines.length = 0;
  downloads.length = 0;
  const body = JSON.stringify(launchRequest({ timestamp: new Date() }));
  const worker = await mf!.getWorker(name);
  const response = await worker.fetch('https://skill.example/', {
    method: 'POST',
    headers: { 'content-type': 'application/json', SignatureCertChainUrl: CERT_URL, 'Signature-256': await signBody(body, devCa.leaf.privateKey) },
    body,
  });
  await response.arrayBuffer();
  return { status: response.status, logged: await logOf(event) };
}

describe('the production bundle (wrangler deploy --env production)', () => {
  it.each([
    ['productionWithDevCa', 'ALEXA_TRUSTED_ROOTS_PEM'],
    ['productionWithRoots', 'ALEXA_TRUSTED_ROOTS_PEM'],
    ['productionWithTokeninfo', 'LWA_TOKENINFO_URL'],
  ] as const)('%s: refuses to start, answering 500 and logging config_invalid for %s, never its value', async (name, setting) => {
    const { status, logged } = await send(name, 'config_invalid');
    expect(status).toBe(500);
    expect(logged).toContain('"event":"config_invalid"');
    expect(logged).toContain(`"setting":"${setting}"`);
    expect(logged).not.toContain('BEGIN CERTIFICATE');
    expect(logged).not.toContain('localhost:8791');
    expect(downloads).toEqual([]);
  });

  it('without them, refuses the development-signed request as unverified (400), downloading from S3', async () => {
    const { status, logged } = await send('production', 'request_rejected');
    expect(status).toBe(400);
    expect(logged).toContain('"event":"request_rejected"');
    expect(downloads).toEqual([CERT_URL]);
  });

  it('the development bundle, given the same settings as productionWithDevCa, verifies that request', async () => {
    const { status, logged } = await send('developmentWithDevCa', 'trusted_roots_overridden');
    expect(status).toBe(200);
    expect(logged).toContain('"event":"trusted_roots_overridden"');
    expect(downloads).toEqual([]);
  });
});
