import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listedSecrets } from '../tools/deploy/secrets.ts';
import { deployedOrigin } from '../tools/deploy/wrangler-output.ts';

const ROOT = join(import.meta.dirname, '..');
const SKILL = 'https://alexa-ride-hailer-skill.acme.workers.dev';
const SERVICE = 'https://ride-hailer-demo-service.acme.workers.dev';

/**
 * A copy of the project's tools and skill package, and an `npx` on PATH that plays wrangler: it
 * logs its arguments and prints what `wrangler deploy` prints (or fails, with FAKE_WRANGLER_FAIL).
 * So `npm run deploy` runs end to end with no network, no Cloudflare account and no repo file touched.
 */
let project: string;
beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), 'deploy-'));
  cpSync(join(ROOT, 'tools'), join(project, 'tools'), { recursive: true });
  cpSync(join(ROOT, 'skill-package'), join(project, 'skill-package'), { recursive: true });
  mkdirSync(join(project, 'bin'));
  const npx = join(project, 'bin', 'npx');
  writeFileSync(npx, `#!/bin/sh
case "$*" in
  *"secret list"*)
    echo "$*" >> "${project}/secrets.log"
    [ -n "$FAKE_SECRETS_FAIL" ] && { echo "✘ [ERROR] Authentication error"; exit 1; }
    echo "\${FAKE_SECRETS:-[]}"; exit 0 ;;
esac
echo "$*" >> "${project}/wrangler.log"
[ -n "$FAKE_WRANGLER_FAIL" ] && { echo "✘ [ERROR] Authentication error"; exit 1; }
case "$*" in
  *ride-hailer-service*) name=ride-hailer-demo-service ;;
  *) name=alexa-ride-hailer-skill ;;
esac
echo "Total Upload: 654.12 KiB / gzip: 115.40 KiB"
case "$*" in *--dry-run*) echo "--dry-run: exiting now."; exit 0 ;; esac
echo "Uploaded $name (3.10 sec)"
echo "Deployed $name triggers (1.20 sec)"
echo "  https://$name.acme.workers.dev"
echo "Current Version ID: 0b1e8e4c-0000-4000-8000-000000000000"
`);
  chmodSync(npx, 0o755);
});
afterEach(() => rmSync(project, { recursive: true, force: true }));

function deploy(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [join(project, 'tools', 'deploy.ts'), ...args], {
    cwd: project,
    encoding: 'utf8',
    env: { PATH: `${join(project, 'bin')}:${process.env.PATH ?? ''}`, ...env },
  });
  const log = (name: string) => (existsSync(join(project, name)) ? readFileSync(join(project, name), 'utf8') : '').split('\n').filter(Boolean);
  return { ...run, wranglerCalls: log('wrangler.log'), secretListCalls: log('secrets.log') };
}

const skillJson = () => readFileSync(join(project, 'skill-package', 'skill.json'), 'utf8');

describe('npm run deploy', () => {
  it('after a real deploy, fills the deployed hosts into skill.json and prints the commands that finish going live', () => {
    mkdirSync(join(project, '.ask'));
    writeFileSync(join(project, '.ask', 'ask-states.json'), JSON.stringify({ profiles: { default: { skillId: 'amzn1.ask.skill.abc' } } }));
    const run = deploy(['--with-demo']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.wranglerCalls).toHaveLength(2);
    const manifest = skillJson();
    expect(manifest).toContain(`"${SKILL}/"`);
    expect(manifest).toContain(`"${SERVICE}/privacy"`);
    expect(manifest).toContain(`"${SERVICE}/terms"`);
    expect(manifest).toContain(`"${SERVICE}/icons/small.png"`);
    expect(manifest).toContain(`"${SERVICE}/icons/large.png"`);
    expect(run.stdout).toContain('ask deploy --target skill-metadata');
    expect(run.stdout).toContain(`npm run account-linking -- --service-url ${SERVICE} --skill-id amzn1.ask.skill.abc\n`);
    expect(run.stdout).toContain('ask smapi update-account-linking-info -s amzn1.ask.skill.abc -g development --account-linking-request file:');
    expect(run.stdout).not.toContain('--out');
    expect(run.stdout).not.toContain('ALEXA_SKILL_ID');
    expect(run.stdout).toContain('ana / ana-rides');
  });

  it('before the skill exists, says to put the new skill ID into ALEXA_SKILL_ID and deploy the skill again', () => {
    const run = deploy(['--with-demo']);
    expect(run.status, run.stderr).toBe(0);
    const steps = run.stdout.slice(run.stdout.indexOf('Next'));
    const askDeploy = steps.indexOf('ask deploy --target skill-metadata');
    const setId = steps.indexOf('ALEXA_SKILL_ID = "amzn1.ask.skill.');
    const redeploy = steps.indexOf('npm run deploy -- --with-demo\n');
    expect(askDeploy).toBeGreaterThan(0);
    expect(setId).toBeGreaterThan(askDeploy);
    expect(steps).toContain('[env.production.vars]');
    expect(redeploy).toBeGreaterThan(setId);
    expect(steps).toContain('.ask/ask-states.json');
  });

  it('--dry-run bundles both Workers and changes no file (what CI runs as npm run build)', () => {
    const before = skillJson();
    const run = deploy(['--dry-run']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.wranglerCalls).toHaveLength(2);
    expect(run.wranglerCalls.every((call) => call.includes('--dry-run'))).toBe(true);
    expect(run.secretListCalls).toEqual([]);
    expect(skillJson()).toBe(before);
    expect(run.stdout).not.toContain('ask smapi');
  });

  it('stops when wrangler fails, and leaves skill.json alone', () => {
    const before = skillJson();
    const run = deploy(['--with-demo'], { FAKE_WRANGLER_FAIL: '1' });
    expect(run.status).not.toBe(0);
    expect(skillJson()).toBe(before);
  });

  it('refuses a URL Alexa cannot call before deploying anything', () => {
    const run = deploy(['--service-url', 'http://rides.example.com']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('[BAD_URL]');
    expect(run.wranglerCalls).toEqual([]);
  });

  it('says how to set ALEXA_CERT_CACHE_SECRET when the deployed skill has none, and only then', () => {
    const missing = deploy(['--with-demo']);
    expect(missing.status, missing.stderr).toBe(0);
    expect(missing.secretListCalls).toEqual(['wrangler secret list --env production --format json']);
    expect(missing.stdout).toContain('The skill has no ALEXA_CERT_CACHE_SECRET');
    expect(missing.stdout).toContain('openssl rand -base64 32 | npx wrangler secret put ALEXA_CERT_CACHE_SECRET --env production\n');

    const set = deploy(['--with-demo'], { FAKE_SECRETS: '[{"name":"ALEXA_CERT_CACHE_SECRET","type":"secret_text"}]' });
    expect(set.status, set.stderr).toBe(0);
    expect(set.stdout).not.toContain('ALEXA_CERT_CACHE_SECRET');

    const unknown = deploy(['--with-demo'], { FAKE_SECRETS_FAIL: '1' });
    expect(unknown.status, unknown.stderr).toBe(0);
    expect(unknown.stdout).toContain("Could not list the skill's secrets; if it has no ALEXA_CERT_CACHE_SECRET yet");
    expect(unknown.stdout).toContain('secret put ALEXA_CERT_CACHE_SECRET');
  });

  it('uses --service-url for your own service when the demo is not deployed', () => {
    const run = deploy(['--service-url', 'https://rides.example.com']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('npm run deploy -- --service-url https://rides.example.com\n');
    expect(run.wranglerCalls).toHaveLength(1);
    expect(skillJson()).toContain('"https://rides.example.com/privacy"');
    expect(skillJson()).toContain(`"${SKILL}/"`);
  });
});

describe("wrangler deploy's output", () => {
  it.each([
    ['  https://alexa-ride-hailer-skill.acme.workers.dev\nCurrent Version ID: 1', SKILL],
    ['Deployed x triggers\n  ride.example.com (custom domain)\n', 'https://ride.example.com'],
    ['Deployed x triggers\n  example.com/alexa/* (zone name: example.com)\n', undefined],
  ])('names the public origin: %j → %s', (output, origin) => {
    expect(deployedOrigin(output)).toBe(origin);
  });
});

describe("wrangler secret list's output", () => {
  it('lists the names, never needing a value', () => {
    expect(listedSecrets('[{"name":"ALEXA_CERT_CACHE_SECRET","type":"secret_text"},{"name":"X","type":"secret_text"}]')).toEqual(['ALEXA_CERT_CACHE_SECRET', 'X']);
    expect(listedSecrets('[]')).toEqual([]);
  });

  it.each([
    ['an error instead of the list', '✘ [ERROR] Authentication error'],
    ['not JSON', '[name]'],
    ['an object', '{"name":"ALEXA_CERT_CACHE_SECRET"}'],
    ['an entry without a name', '[{"type":"secret_text"}]'],
  ])('is unknown (undefined) for %s', (_, output) => {
    expect(listedSecrets(output)).toBeUndefined();
  });
});
