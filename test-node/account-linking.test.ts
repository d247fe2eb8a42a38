import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderAccountLinking, writeOutsideRepository } from '../tools/deploy/account-linking.ts';
import type { DeployToolError } from '../tools/deploy/errors.ts';

const ROOT = join(import.meta.dirname, '..');
const TEMPLATE = readFileSync(join(ROOT, 'skill-package', 'accountLinking.json'), 'utf8');
const SERVICE = 'https://ride-hailer-demo-service.acme.workers.dev';
const SECRET = 'test-secret-7f3a';
const code = (c: string) => expect.objectContaining({ code: c }) as DeployToolError;

/** Temp folders a test wrote a rendered request into (it holds the test secret): removed after each test. */
const written: string[] = [];
afterEach(() => {
  for (const dir of written.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** `npm run account-linking` as a user runs it, with only the given environment. */
function cli(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, [join(ROOT, 'tools', 'account-linking.ts'), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
}

describe('account-linking request rendered at deploy time', () => {
  it('takes the secret from the environment, the client ID given, and the service host for both OAuth URLs', () => {
    const { accountLinkingRequest: request } = renderAccountLinking(TEMPLATE, { clientSecret: SECRET, clientId: 'client-1', serviceUrl: SERVICE });
    expect(request).toMatchObject({
      clientSecret: SECRET,
      clientId: 'client-1',
      authorizationUrl: `${SERVICE}/authorize`,
      accessTokenUrl: `${SERVICE}/token`,
    });
    const template = (JSON.parse(TEMPLATE) as { accountLinkingRequest: Record<string, unknown> }).accountLinkingRequest;
    expect(request).toMatchObject({ type: template.type, accessTokenScheme: template.accessTokenScheme, scopes: template.scopes });
  });

  it.each([undefined, '', '   '])('refuses without ALEXA_CLIENT_SECRET (%j): MISSING_CLIENT_SECRET', (secret) => {
    expect(() => renderAccountLinking(TEMPLATE, { clientSecret: secret, clientId: 'client-1', serviceUrl: SERVICE })).toThrow(code('MISSING_CLIENT_SECRET'));
  });

  it('renders the implicit example with no secret and no token URI, even when a secret is in the environment', () => {
    const implicit = readFileSync(join(ROOT, 'skill-package', '.examples', 'accountLinking.implicit.json'), 'utf8');
    for (const clientSecret of [undefined, SECRET]) {
      const { accountLinkingRequest: request } = renderAccountLinking(implicit, { clientSecret, clientId: 'client-1', serviceUrl: SERVICE });
      expect(request).toMatchObject({ type: 'IMPLICIT', clientId: 'client-1', authorizationUrl: `${SERVICE}/authorize` });
      expect(request).not.toHaveProperty('clientSecret');
      expect(request).not.toHaveProperty('accessTokenUrl');
    }
    expect(() => renderAccountLinking(implicit, { clientSecret: undefined, clientId: 'client-1' })).toThrow(code('PLACEHOLDER'));
  });

  it('refuses to send the committed placeholders: no client ID, or no service URL (PLACEHOLDER)', () => {
    expect(() => renderAccountLinking(TEMPLATE, { clientSecret: SECRET, serviceUrl: SERVICE })).toThrow(code('PLACEHOLDER'));
    expect(() => renderAccountLinking(TEMPLATE, { clientSecret: SECRET, clientId: 'client-1' })).toThrow(code('PLACEHOLDER'));
  });

  it('points app-to-app linking\'s redirect URLs at the service host too, and refuses one left a placeholder', () => {
    const { accountLinkingRequest: request } = renderAccountLinking(TEMPLATE, { clientSecret: SECRET, clientId: 'client-1', serviceUrl: SERVICE });
    expect(request.redirectUrls).toEqual([`${SERVICE}/app/alexa/callback`]);
    const template = JSON.parse(TEMPLATE) as { accountLinkingRequest: Record<string, unknown> };
    const hosted = { ...template.accountLinkingRequest, authorizationUrl: `${SERVICE}/authorize`, accessTokenUrl: `${SERVICE}/token` };
    expect(() => renderAccountLinking(JSON.stringify({ accountLinkingRequest: hosted }), { clientSecret: SECRET, clientId: 'client-1' })).toThrow(code('PLACEHOLDER'));
    expect(() => renderAccountLinking(JSON.stringify({ accountLinkingRequest: { ...hosted, redirectUrls: [`${SERVICE}/app/alexa/callback`] } }), { clientSecret: SECRET, clientId: 'client-1' })).not.toThrow();
  });

  it('will not write through a file or symlink that is already there (OUTPUT_EXISTS): nothing is overwritten or created', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linking-'));
    written.push(dir);
    const existing = join(dir, 'planted.json');
    writeFileSync(existing, 'planted');
    const aimedAt = join(dir, 'aimed-at.json');
    const link = join(dir, 'link.json');
    symlinkSync(aimedAt, link);
    expect(() => writeOutsideRepository(existing, '{"secret":1}', ROOT)).toThrow(code('OUTPUT_EXISTS'));
    expect(() => writeOutsideRepository(link, '{"secret":1}', ROOT)).toThrow(code('OUTPUT_EXISTS'));
    expect(readFileSync(existing, 'utf8')).toBe('planted');
    expect(existsSync(aimedAt)).toBe(false);
  });

  it('will not write the rendered file inside the repository (OUTPUT_INSIDE_REPOSITORY)', () => {
    for (const path of [join(ROOT, 'skill-package', 'accountLinking.rendered.json'), join(ROOT, 'x.json')]) {
      expect(() => writeOutsideRepository(path, '{}', ROOT)).toThrow(code('OUTPUT_INSIDE_REPOSITORY'));
    }
  });
});

describe('`npm run account-linking`', () => {
  it('writes a 0600 file in the temp folder, outside the repository, and prints the ask smapi command for it', () => {
    const run = cli(['--service-url', SERVICE, '--skill-id', 'amzn1.ask.skill.test'], { ALEXA_CLIENT_ID: 'client-1', ALEXA_CLIENT_SECRET: SECRET });
    expect(run.status, run.stderr).toBe(0);
    const file = /file:(\S+)/.exec(run.stdout)?.[1] ?? '';
    written.push(dirname(file));
    expect(file.startsWith(tmpdir())).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const rendered = JSON.parse(readFileSync(file, 'utf8')) as { accountLinkingRequest: Record<string, unknown> };
    expect(rendered.accountLinkingRequest).toMatchObject({ clientId: 'client-1', clientSecret: SECRET, accessTokenUrl: `${SERVICE}/token` });
    expect(run.stdout).toContain(`ask smapi update-account-linking-info -s amzn1.ask.skill.test -g development --account-linking-request file:${file}`);
  });

  it('writes exactly where --out says, and only JSON to stdout with --out -', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'linking-')), 'request.json');
    written.push(dirname(out));
    expect(cli(['--service-url', SERVICE, '--out', out], { ALEXA_CLIENT_ID: 'c', ALEXA_CLIENT_SECRET: SECRET }).status).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const piped = cli(['--service-url', SERVICE, '--out', '-'], { ALEXA_CLIENT_ID: 'c', ALEXA_CLIENT_SECRET: SECRET });
    expect(JSON.parse(piped.stdout)).toMatchObject({ accountLinkingRequest: { clientSecret: SECRET } });
  });

  it.each([
    [['--service-url', SERVICE], { ALEXA_CLIENT_ID: 'c' }, 'MISSING_CLIENT_SECRET'],
    [['--service-url', SERVICE, '--out', join(ROOT, 'linking.json')], { ALEXA_CLIENT_ID: 'c', ALEXA_CLIENT_SECRET: SECRET }, 'OUTPUT_INSIDE_REPOSITORY'],
    [['--service-url', 'http://localhost:8788'], { ALEXA_CLIENT_ID: 'c', ALEXA_CLIENT_SECRET: SECRET }, 'BAD_URL'],
  ])('exits 1 and writes nothing: %j %j → %s', (args, env, expected) => {
    const run = cli(args, env);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`[${expected}]`);
    expect(run.stdout).not.toContain(SECRET);
  });
});
