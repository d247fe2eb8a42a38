import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { asListed, checkPackage } from '../../../src/cli/certify/package.ts';
import { checkSkillPackage } from '../../../src/cli/check/rules.ts';
import { voiceForwardFindings, voiceForwardProblems } from '../../../src/cli/check/voice-forward-rules.ts';
import { testNet } from '../certify/support/server.ts';
import { POLICY } from './support.ts';

/** `voice-forward-linking`: a request that enables voice-forward linking must be LWA with the code grant. */
const ROOT = join(import.meta.dirname, '..', 'fixtures', 'skill-package');
const EXAMPLE = '.examples/accountLinking.lwa-voice.json';
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { accountLinkingRequest: Record<string, unknown> };

describe('voice-forward account linking in the skill package', () => {
  it('the Login with Amazon example enables it, passes the rule and is SMAPI-typed', () => {
    expect(read(EXAMPLE).accountLinkingRequest.voiceForwardAccountLinking).toBe('ENABLED');
    const findings = checkSkillPackage(ROOT, POLICY).filter((f) => f.file === EXAMPLE);
    expect(findings.map((f) => [f.rule, f.ok])).toEqual([['account-linking-grant', true], ['voice-forward-linking', true]]); // its SMAPI types: Ride Hailer's test-node/skill-package/types.test.ts
  });

  it('a request that does not enable it is not this rule\'s business (the demo service is not LWA)', () => {
    expect(voiceForwardProblems(read('accountLinking.json'))).toEqual([]);
    const off = read(EXAMPLE);
    off.accountLinkingRequest.voiceForwardAccountLinking = 'DISABLED';
    off.accountLinkingRequest.authorizationUrl = 'https://service.example/authorize';
    expect(voiceForwardProblems(off)).toEqual([]);
  });

  it.each([
    ['an authorization URI that is not LWA\'s', 'authorizationUrl', 'https://ride-hailer.example/authorize', /authorizationUrl is not Login with Amazon's/],
    ['LWA\'s host with another path', 'authorizationUrl', 'https://www.amazon.com/authorize', /authorizationUrl is not Login with Amazon's/],
    ['a token URI that is not LWA\'s', 'accessTokenUrl', 'https://ride-hailer.example/token', /accessTokenUrl is not Login with Amazon's/],
    ['the implicit grant', 'type', 'IMPLICIT', /needs the authorization code grant/],
  ])('refuses %s', (_, field, value, message) => {
    const file = read(EXAMPLE);
    file.accountLinkingRequest[field] = value;
    const problems = voiceForwardProblems(file);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('accepts the regional LWA URIs', () => {
    const file = read(EXAMPLE);
    file.accountLinkingRequest.authorizationUrl = 'https://eu.account.amazon.com/ap/oa';
    file.accountLinkingRequest.accessTokenUrl = 'https://api.amazon.co.uk/auth/o2/token';
    expect(voiceForwardProblems(file)).toEqual([]);
  });

  describe('npm run certify', () => {
    let copy = '';
    afterEach(() => rmSync(copy, { recursive: true, force: true }));

    it('fails package.voice-forward-linking for an accountLinking.json that enables it with a service that is not LWA', async () => {
      copy = mkdtempSync(join(tmpdir(), 'voice-forward-'));
      cpSync(ROOT, copy, { recursive: true });
      const file = read('accountLinking.json');
      file.accountLinkingRequest.voiceForwardAccountLinking = 'ENABLED';
      writeFileSync(join(copy, 'accountLinking.json'), JSON.stringify(file));
      // The rule alone: checkSkillPackage (certify's default, which includes it: see above) also reads src/ beside the package.
      const results = await checkPackage({ root: copy, net: testNet(false), local: false, locate: asListed, rules: voiceForwardFindings });
      const voice = results.filter((r) => r.id.startsWith('package.voice-forward-linking'));
      expect(voice.map((r) => [r.status, r.title])).toEqual([
        ['fail', 'voice-forward-linking (accountLinking.json)'],
        ['fail', 'voice-forward-linking (accountLinking.json)'],
        ['pass', `voice-forward-linking (${EXAMPLE})`],
      ]);
    });
  });
});
