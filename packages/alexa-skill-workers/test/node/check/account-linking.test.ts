import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { accountLinkingFiles, accountLinkingFindings, accountLinkingGrantProblems } from '../../../src/cli/check/account-linking-rules.ts';
import { checkSkillPackage } from '../../../src/cli/check/rules.ts';
import { POLICY } from './support.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'skill-package');
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as { accountLinkingRequest: Record<string, unknown> };
const IMPLICIT_EXAMPLE = '.examples/accountLinking.implicit.json';
const LWA_VOICE_EXAMPLE = '.examples/accountLinking.lwa-voice.json';

describe('account-linking requests and their grant type', () => {
  it('the package carries the code grant request and the implicit example, both right for their type and SMAPI-typed', () => {
    expect(accountLinkingFiles(ROOT)).toEqual(['accountLinking.json', IMPLICIT_EXAMPLE, LWA_VOICE_EXAMPLE]);
    expect(read('accountLinking.json').accountLinkingRequest.type).toBe('AUTH_CODE');
    expect(read(IMPLICIT_EXAMPLE).accountLinkingRequest.type).toBe('IMPLICIT');
    const findings = checkSkillPackage(ROOT, POLICY).filter((f) => f.file === IMPLICIT_EXAMPLE);
    expect(findings.map((f) => [f.rule, f.ok])).toEqual([['account-linking-grant', true]]); // its SMAPI types: Ride Hailer's test-node/skill-package/types.test.ts
  });

  it.each([
    ['accessTokenUrl', 'https://service.example/token'],
    ['clientSecret', 'a-secret'],
    ['accessTokenScheme', 'HTTP_BASIC'],
  ])('IMPLICIT with %s left over from the code grant is refused', (field, value) => {
    const file = read(IMPLICIT_EXAMPLE);
    file.accountLinkingRequest[field] = value;
    expect(accountLinkingGrantProblems(file)).toEqual([`${field} is set, but IMPLICIT has no token URI: remove it`]);
  });

  it.each(['accessTokenUrl', 'clientSecret', 'accessTokenScheme'])('AUTH_CODE without %s is refused', (field) => {
    const file = read('accountLinking.json');
    delete file.accountLinkingRequest[field];
    expect(accountLinkingGrantProblems(file)).toEqual([`${field} is missing; AUTH_CODE needs it (Alexa exchanges the code at the token URI)`]);
  });

  it.each([
    ['no type', undefined, 'type is missing; it must be AUTH_CODE or IMPLICIT'],
    ['another type', 'PASSWORD', 'type is "PASSWORD"; it must be AUTH_CODE or IMPLICIT'],
  ])('%s is refused', (_name, type, message) => {
    const file = read(IMPLICIT_EXAMPLE);
    file.accountLinkingRequest.type = type;
    expect(accountLinkingGrantProblems(file)).toEqual([message]);
  });

  it('either type needs the authorization URI and the client ID', () => {
    const file = read(IMPLICIT_EXAMPLE);
    delete file.accountLinkingRequest.authorizationUrl;
    delete file.accountLinkingRequest.clientId;
    expect(accountLinkingGrantProblems(file)).toHaveLength(2);
  });

  describe('in a package on disk', () => {
    let copy = '';
    afterEach(() => rmSync(copy, { recursive: true, force: true }));

    it('an implicit example that names a token URI fails its finding', () => {
      copy = mkdtempSync(join(tmpdir(), 'skill-package-'));
      cpSync(ROOT, join(copy, 'skill-package'), { recursive: true });
      const file = read(IMPLICIT_EXAMPLE);
      file.accountLinkingRequest.accessTokenUrl = 'https://service.example/token';
      writeFileSync(join(copy, 'skill-package', IMPLICIT_EXAMPLE), JSON.stringify(file));
      const findings = accountLinkingFindings(join(copy, 'skill-package'));
      expect(findings.map((f) => [f.file, f.ok])).toEqual([['accountLinking.json', true], [IMPLICIT_EXAMPLE, false], [LWA_VOICE_EXAMPLE, true]]);
    });
  });
});
