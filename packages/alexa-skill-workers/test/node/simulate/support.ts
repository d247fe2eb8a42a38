/**
 * A skill project in a temporary folder, as the command line finds one (package.json with its
 * "alexa-skill-workers" section, .dev.vars, the local CA in the state folder), a stand-in skill that
 * checks every request's signature and records it, and the command line spawned from its source.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki } from '../../../src/testing/pki.ts';
import { serve, type Running } from '../oauth/support.ts';

/** The client secret of {@link startProvider}'s development client. */
export const SECRET = 'provider-secret-9';
export const SKILL_ID = 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000';
const RUN_CLI = join(import.meta.dirname, 'run-cli.ts');

type Envelope = {
  request: Record<string, unknown> & { type: string; locale?: string };
  session?: { sessionId: string; new: boolean; attributes: Record<string, unknown> };
  context: { System: { user: { accessToken?: string }; device: { supportedInterfaces: Record<string, unknown> }; application: { applicationId: string } } };
};

/** A folder with nothing in it. */
export const emptyFolder = () => mkdtempSync(join(tmpdir(), 'kit-simulate-'));

/**
 * A project: `section` as its package.json's "alexa-skill-workers", ALEXA_SKILL_ID in .dev.vars,
 * the plan-my-trip model as its en-US model, and (unless `ca: false`) a local CA in `.state/`.
 * Returns the folder and the CA's leaf public key (to check signatures with).
 */
export async function makeProject(section: Record<string, unknown>, options: { ca?: boolean; devVars?: boolean } = {}): Promise<{ dir: string; publicKey: CryptoKey }> {
  const dir = emptyFolder();
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'a-skill', 'alexa-skill-workers': { state: '.state', ...section } }));
  if (options.devVars !== false) writeFileSync(join(dir, '.dev.vars'), `# local\nALEXA_SKILL_ID=${SKILL_ID},amzn1.ask.skill.other\n`);
  const models = join(dir, 'skill-package', 'interactionModels', 'custom');
  mkdirSync(models, { recursive: true });
  copyFileSync(join(import.meta.dirname, '..', '..', 'nlu', 'fixtures', 'plan-my-trip.json'), join(models, 'en-US.json'));
  const pki = await createTestPki({ label: 'Simulate test' });
  if (options.ca !== false) {
    mkdirSync(join(dir, '.state'));
    const pkcs8 = await crypto.subtle.exportKey('pkcs8', pki.leaf.privateKey);
    writeFileSync(join(dir, '.state', 'ca.json'), JSON.stringify({ rootPem: pki.rootPem, chainPem: pki.chainPem, signingKeyPkcs8: Buffer.from(pkcs8).toString('base64'), notAfter: pki.notAfter.toISOString() }));
  }
  return { dir, publicKey: pki.leaf.publicKey };
}

export interface Cli {
  readonly code: Promise<number | null>;
  out: string;
  err: string;
}

/** The command line, spawned from its source in `cwd` (stdin `input`, then closed). */
export function cli(args: readonly string[], cwd: string, options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Cli {
  const env = { ...process.env, ...options.env };
  delete env.DEV_STOP_WITH_PARENT;
  const child = spawn(process.execPath, [RUN_CLI, ...args], { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const result: Cli = { code: new Promise((resolve) => child.on('exit', resolve)), out: '', err: '' };
  child.stdout.on('data', (chunk: Buffer) => (result.out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (result.err += chunk.toString()));
  child.stdin.end(options.input ?? '');
  return result;
}

/** Runs the command line to its end. */
export async function cliDone(args: readonly string[], cwd: string, options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const running = cli(args, cwd, options);
  const code = await running.code;
  return { code, out: running.out, err: running.err };
}

/** Waits until `pattern` is in what `running` printed. */
export async function printed(running: Cli, pattern: RegExp): Promise<RegExpMatchArray> {
  for (let i = 0; i < 600; i++) {
    const match = running.out.match(pattern) ?? running.err.match(pattern);
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never printed ${pattern}:\n${running.out}\n${running.err}`);
}

export interface StandInSkill {
  readonly url: string;
  readonly received: Envelope[];
  close(): Promise<void>;
}

/**
 * A skill that refuses a request whose Signature-256 does not verify with `publicKey`, records
 * the rest, and answers: a launch keeps the session open; an intent without a token gets a
 * LinkAccount card; with one, it answers that it is linked.
 */
export async function standInSkill(publicKey: CryptoKey): Promise<StandInSkill> {
  const received: Envelope[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => void (async () => {
      const signature = Buffer.from(String(req.headers['signature-256'] ?? ''), 'base64');
      const valid = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', publicKey, signature, new TextEncoder().encode(body));
      if (!valid || req.headers.signaturecertchainurl !== 'https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem') {
        res.writeHead(400).end('bad signature');
        return;
      }
      const envelope = JSON.parse(body) as Envelope;
      received.push(envelope);
      const linked = envelope.context.System.user.accessToken !== undefined;
      const response = envelope.request.type === 'LaunchRequest'
        ? { outputSpeech: { type: 'PlainText', text: 'Welcome.' }, shouldEndSession: false }
        : envelope.request.type === 'IntentRequest'
          ? linked
            ? { outputSpeech: { type: 'PlainText', text: `Linked: ${(envelope.request.intent as { name: string }).name}.` }, shouldEndSession: false }
            : { outputSpeech: { type: 'PlainText', text: 'Please link.' }, card: { type: 'LinkAccount' }, shouldEndSession: true }
          : {};
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: '1.0', sessionAttributes: { turn: received.length }, response }));
    })());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A provider with a development client endpoint, the code grant with PKCE (checked), and an authorization page the test "signs in" at. */
export async function startProvider(mode: { redirectElsewhere?: boolean; garbageToken?: boolean } = {}): Promise<Running> {
  const challenges = new Map<string, string>();
  let n = 0;
  return serve(async (req, body, res) => {
    const url = new URL(req.url ?? '/', 'http://p');
    if (url.pathname === '/dev/client') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ clientId: 'alexa', clientSecret: SECRET }));
    if (url.pathname === '/authorize') {
      if (mode.redirectElsewhere) return res.writeHead(302, { location: `https://pitangui.amazon.com/api/skill/link/M1?code=x&state=${url.searchParams.get('state')}` }).end();
      return res.writeHead(200, { 'content-type': 'text/html' }).end('<form><input type="password"></form>');
    }
    if (url.pathname === '/approve') {
      const code = `code-${++n}`;
      challenges.set(code, url.searchParams.get('code_challenge') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code, state: url.searchParams.get('state')! }).toString();
      return res.writeHead(302, { location: back.href }).end();
    }
    if (url.pathname === '/token') {
      if (mode.garbageToken) return res.writeHead(200, { 'content-type': 'text/html' }).end('<p>nope</p>');
      const form = new URLSearchParams(body);
      const basic = `Basic ${Buffer.from(`alexa:${SECRET}`).toString('base64')}`;
      const digest = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(form.get('code_verifier') ?? ''))).toString('base64url');
      if (req.headers.authorization !== basic || challenges.get(form.get('code') ?? '') !== digest) return res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `at-${n}`, refresh_token: `rt-${n}`, token_type: 'Bearer', expires_in: 3600 }));
    }
    return res.writeHead(404).end();
  });
}

