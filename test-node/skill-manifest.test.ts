import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeployToolError } from '../tools/deploy/errors.ts';
import { rewriteSkillJson, sslCertificateType } from '../tools/deploy/skill-manifest.ts';

const ROOT = join(import.meta.dirname, '..');
const SKILL = 'https://alexa-ride-hailer-skill.acme.workers.dev';
const SERVICE = 'https://ride-hailer-demo-service.acme.workers.dev';
const PLACEHOLDER_SERVICE = 'https://ride-hailer-demo-service.YOUR-SUBDOMAIN.workers.dev';

const folders: string[] = [];
/** A skill.json in a new temp folder, removed after the test. */
function tempSkillJson(content: string | Buffer): string {
  const folder = mkdtempSync(join(tmpdir(), 'skill-json-'));
  folders.push(folder);
  const file = join(folder, 'skill.json');
  writeFileSync(file, content);
  return file;
}
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** The shape the skill package uses until deploy: placeholders on the demo service's host (issue #9 contract). */
const committedShape = `{
  "manifest": {
    "manifestVersion": "1.0",
    "publishingInformation": {
      "locales": {
        "en-US": {
          "name": "Ride Hailer",
          "smallIconUri": "${PLACEHOLDER_SERVICE}/icons/small.png",
          "largeIconUri": "${PLACEHOLDER_SERVICE}/icons/large.png",
          "keywords": ["ride", "taxi", "car"]
        }
      },
      "testingInstructions": "Sign in as ana / ana-rides."
    },
    "apis": { "custom": { "endpoint": { "uri": "https://alexa-ride-hailer-skill.YOUR-SUBDOMAIN.workers.dev/", "sslCertificateType": "Wildcard" } } },
    "events": { "endpoint": { "uri": "https://alexa-ride-hailer-skill.YOUR-SUBDOMAIN.workers.dev/", "sslCertificateType": "Wildcard" }, "subscriptions": [] },
    "privacyAndCompliance": {
      "usesPersonalInfo": true,
      "locales": { "en-US": { "privacyPolicyUrl": "${PLACEHOLDER_SERVICE}/privacy", "termsOfUseUrl": "${PLACEHOLDER_SERVICE}/terms" } }
    }
  }
}
`;

type Manifest = {
  manifest: {
    publishingInformation: { locales: Record<string, Record<string, string>> };
    apis: { custom: { endpoint: { uri: string; sslCertificateType: string } } };
    events: { endpoint: { uri: string; sslCertificateType: string } };
    privacyAndCompliance: { locales: Record<string, Record<string, string>> };
  };
};

function expectDeployedUrls(text: string, skill = SKILL, service = SERVICE) {
  const { manifest } = JSON.parse(text) as Manifest;
  expect(manifest.apis.custom.endpoint.uri).toBe(`${skill}/`);
  expect(manifest.events.endpoint.uri).toBe(`${skill}/`);
  for (const locale of Object.values(manifest.publishingInformation.locales)) {
    expect(locale.smallIconUri).toBe(`${service}/icons/small.png`);
    expect(locale.largeIconUri).toBe(`${service}/icons/large.png`);
  }
  for (const locale of Object.values(manifest.privacyAndCompliance.locales)) {
    expect(locale.privacyPolicyUrl).toBe(`${service}/privacy`);
    expect(locale.termsOfUseUrl).toBe(`${service}/terms`);
  }
}

describe('skill.json rewrite with the deployed hosts', () => {
  it('fills endpoint, privacy, terms and icon URLs, and keeps the file as it was written otherwise', () => {
    const out = rewriteSkillJson(committedShape, { skillUrl: SKILL, serviceUrl: SERVICE });
    expectDeployedUrls(out);
    expect(out).toContain('"keywords": ["ride", "taxi", "car"]');
    expect(out).not.toMatch(/YOUR-SUBDOMAIN/);
    expect(out.split('\n')).toHaveLength(committedShape.split('\n').length);
  });

  it('works on the repository skill.json as it is now (a temp copy, through `npm run skill-urls`)', () => {
    const copy = tempSkillJson(readFileSync(join(ROOT, 'skill-package', 'skill.json')));
    execFileSync(process.execPath, [join(ROOT, 'tools', 'skill-urls.ts'), '--skill-url', SKILL, '--service-url', SERVICE, '--file', copy]);
    expectDeployedUrls(readFileSync(copy, 'utf8'));
  });

  it('is idempotent, and a second deploy to other hosts replaces the first', () => {
    const once = rewriteSkillJson(committedShape, { skillUrl: SKILL, serviceUrl: SERVICE });
    expect(rewriteSkillJson(once, { skillUrl: SKILL, serviceUrl: SERVICE })).toBe(once);
    const moved = rewriteSkillJson(once, { skillUrl: 'https://skill.example.com', serviceUrl: 'https://rides.example.com' });
    expectDeployedUrls(moved, 'https://skill.example.com', 'https://rides.example.com');
  });

  it('says Wildcard for *.workers.dev and Trusted for a custom domain', () => {
    expect(sslCertificateType(SKILL)).toBe('Wildcard');
    expect(sslCertificateType('https://skill.example.com')).toBe('Trusted');
    const moved = JSON.parse(rewriteSkillJson(committedShape, { skillUrl: 'https://skill.example.com' })) as Manifest;
    expect(moved.manifest.apis.custom.endpoint.sslCertificateType).toBe('Trusted');
    expect(moved.manifest.events.endpoint.sslCertificateType).toBe('Trusted');
  });

  it('changes only the endpoint when only the skill URL is given', () => {
    const out = JSON.parse(rewriteSkillJson(committedShape, { skillUrl: SKILL })) as Manifest;
    expect(out.manifest.apis.custom.endpoint.uri).toBe(`${SKILL}/`);
    expect(out.manifest.privacyAndCompliance.locales['en-US']?.privacyPolicyUrl).toBe(`${PLACEHOLDER_SERVICE}/privacy`);
  });

  it('adds icon and policy fields a manifest lacks', () => {
    const bare = JSON.stringify({ manifest: { publishingInformation: { locales: { 'en-US': { name: 'Ride Hailer' } } } } });
    const out = JSON.parse(rewriteSkillJson(bare, { serviceUrl: SERVICE })) as Manifest;
    expect(out.manifest.publishingInformation.locales['en-US']?.smallIconUri).toBe(`${SERVICE}/icons/small.png`);
    expect(out.manifest.privacyAndCompliance.locales['en-US']?.termsOfUseUrl).toBe(`${SERVICE}/terms`);
  });

  it.each([
    ['not JSON', '{'],
    ['no manifest', '{"manifestVersion":"1.0"}'],
  ])('refuses a file that is %s (BAD_FILE)', (_, text) => {
    expect(() => rewriteSkillJson(text, { skillUrl: SKILL })).toThrow(expect.objectContaining({ code: 'BAD_FILE' }) as DeployToolError);
  });

  it.each([
    ['http://skill.example.com', 'BAD_URL'],
    ['https://skill.example.com:8443', 'BAD_URL'],
    ['https://skill.example.com/alexa', 'BAD_URL'],
    ['https://alexa-ride-hailer-skill.YOUR-SUBDOMAIN.workers.dev', 'PLACEHOLDER'],
  ])('`npm run skill-urls` refuses --skill-url %s (%s) and leaves the file alone', (url, code) => {
    const copy = tempSkillJson(committedShape);
    const run = spawnSync(process.execPath, [join(ROOT, 'tools', 'skill-urls.ts'), '--skill-url', url, '--file', copy], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`[${code}]`);
    expect(readFileSync(copy, 'utf8')).toBe(committedShape);
  });
});
