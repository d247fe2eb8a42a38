import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { firstPortInUse, groupAlive, spawnGroup, stopGroup } from 'alexa-skill-workers/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTarball, packKit, PLAIN_ENV, run } from '../test-node/support/kit-tarball.ts';

// Issue #20's "Done when": the kit packed, `new` into a temporary folder, installed there from the
// tarball, the new skill's own tests run, then `dev`, `link` with the kit's local provider (the
// login form posted as a browser would), the linked answer from `simulate --json`, and nothing
// listening once dev has stopped; link and simulate with no flags (the ports are in the skill's
// package.json, as new writes them, only moved to free ones). The jwt template: the skill validates the local provider's JWTs
// against its JWKS (the opaque and lwa paths are the provider's own tests, test/node/provider/).

const INSTALL_TIMEOUT_MS = 600_000;

let base = '';
let dir = '';
/** The installed package's bin, as `npx alexa-skill-workers` runs it in the new skill. */
let bin = '';

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'kit-new-e2e-'));
  const tarball = packKit(base);
  // `new` from this repository's build of the kit (the same templates the tarball holds).
  run(process.execPath, [join(import.meta.dirname, '../packages/alexa-skill-workers/bin/alexa-skill-workers.js'), 'new', 'skill', '--tokens', 'jwt', '--name', 'Link Check'], base);
  dir = join(base, 'skill');
  installTarball(dir, `../${tarball}`);
  bin = join(dir, 'node_modules', 'alexa-skill-workers', 'bin', 'alexa-skill-workers.js');
}, INSTALL_TIMEOUT_MS);

afterAll(() => {
  if (base) rmSync(base, { recursive: true, force: true });
});

/** `n` ports nothing listens on (bound, then released). */
async function freePorts(n: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < n) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.add((server.address() as AddressInfo).port);
    await new Promise((resolve) => server.close(resolve));
  }
  return [...ports];
}

/**
 * `alexa-skill-workers <args>` in the new skill, leading a process group of its own: its output
 * lines, the first line matching a pattern, its exit code once it exits, and a stop for the group.
 */
function cli(args: readonly string[]) {
  const child = spawnGroup(process.execPath, [bin, ...args], { cwd: dir, env: PLAIN_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid!;
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      waiters.splice(0).forEach((wake) => wake());
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const line = async (pattern: RegExp): Promise<RegExpExecArray> => {
    for (;;) {
      const found = lines.map((l) => pattern.exec(l)).find((m) => m !== null);
      if (found) return found;
      await Promise.race([new Promise<void>((wake) => waiters.push(wake)), exited.then(() => {
        throw new Error(`exited before ${pattern}:\n${lines.join('\n')}`);
      })]);
    }
  };
  const stop = async () => {
    await stopGroup(pgid);
    expect(groupAlive(pgid)).toBe(false);
  };
  return { lines, exited, line, stop };
}

/** Signs in on the login page at `loginUrl` as a browser would (its cookie, a same-origin post) and follows the redirect to link's callback. */
async function signIn(loginUrl: string, username: string, password: string): Promise<void> {
  const page = await fetch(loginUrl);
  expect(page.status).toBe(200);
  const handle = /name="handle" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const origin = new URL(loginUrl).origin;
  const posted = await fetch(`${origin}/authorize`, {
    method: 'POST', redirect: 'manual',
    headers: { origin, cookie: page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; '), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ handle, username, password, action: 'approve' }),
  });
  expect(posted.status).toBe(302);
  const callback = await fetch(posted.headers.get('location')!);
  expect(callback.status).toBe(200);
  await callback.body?.cancel();
}

describe('a new skill from the packed kit, linked with the local provider', () => {
  it("passes its own tests (`npm test`)", () => {
    expect(run('npm', ['test'], dir)).toMatch(/Tests\s+7 passed \(7\)/);
  }, INSTALL_TIMEOUT_MS);

  it('runs under dev, links an account with the local provider, answers the linked intent with its name, and stops with nothing listening', async () => {
    const ports = await freePorts(5);
    const [skill, skillInspector, provider, providerInspector, redirect] = ports.map(String) as [string, string, string, string, string];
    // The ports in the skill's own configuration, so that link and simulate need no flags, as in a folder new made.
    const manifestFile = join(dir, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { 'alexa-skill-workers': Record<string, Record<string, unknown>> };
    const section = manifest['alexa-skill-workers'];
    section.skill = { ...section.skill, port: Number(skill), inspectorPort: Number(skillInspector) };
    section.provider = { local: { port: Number(provider), inspectorPort: Number(providerInspector) } };
    section.dev = { redirectPort: Number(redirect) };
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    const dev = cli(['dev', '--json']);
    try {
      const [readyLine] = await dev.line(/^\{"ready":true.*\}$/);
      const ready = JSON.parse(readyLine) as Record<string, string>;
      expect(ready).toMatchObject({ skill: `http://localhost:${skill}/`, provider: `http://localhost:${provider}` });
      const { users } = JSON.parse(readFileSync(ready.providerUsers!, 'utf8')) as { users: { username: string; password: string; name: string }[] };
      const user = users[0]!;
      const before = cli(['simulate', '--json', 'WhoAmIIntent']);
      expect(await before.exited).toBe(0);
      expect(JSON.parse(before.lines.find((l) => l.startsWith('{'))!)).toMatchObject({ response: { response: { card: { type: 'LinkAccount' } } } });

      const linking = cli(['link']);
      const [, loginUrl] = await linking.line(/^LOGIN_URL (\S+)$/);
      await signIn(loginUrl!, user.username, user.password);
      expect(await linking.exited).toBe(0);
      expect(linking.lines.join('\n')).toContain('SkillAccountLinked sent (HTTP 200)');

      const after = cli(['simulate', '--json', 'WhoAmIIntent']);
      expect(await after.exited).toBe(0);
      const answer = JSON.parse(after.lines.find((l) => l.startsWith('{'))!) as { response: { response: { outputSpeech: { ssml: string } } } };
      expect(answer.response.response.outputSpeech.ssml).toBe(`<speak>You are ${user.name}.</speak>`);
    } finally {
      await dev.stop();
    }
    expect(await firstPortInUse(ports.map((port) => ({ port, what: String(port), move: '' })))).toBeUndefined();
  }, INSTALL_TIMEOUT_MS);
});
