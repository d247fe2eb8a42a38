import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { typeCheckPackage } from '../../tools/skill-package/rules.ts';
import { SKILL_PACKAGE_TYPES, typeCheckJson } from '../../tools/skill-package/smapi-types.ts';

const PROJECT = join(import.meta.dirname, '..', '..');
const ROOT = join(PROJECT, 'skill-package');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** Type-checks one in-memory document; returns its diagnostics. */
function diagnostics(text: string, type: string): string[] {
  return typeCheckJson([{ file: 'doc.json', text, type }], PROJECT).get('doc.json')!;
}

/** The committed file, parsed, changed by `mutate`, and printed back as JSON. */
function mutated(file: string, mutate: (json: Record<string, unknown>) => void): string {
  const json = JSON.parse(read(file)) as Record<string, unknown>;
  mutate(json);
  return JSON.stringify(json, null, 2);
}

describe('the skill package type-checks against ask-smapi-model', () => {
  it('skill.json, every interaction model and accountLinking.json have no type errors', () => {
    const findings = typeCheckPackage(ROOT);
    expect(findings.map((f) => f.file)).toEqual(
      expect.arrayContaining(['skill.json', 'interactionModels/custom/en-US.json', 'accountLinking.json']),
    );
    expect(findings.filter((f) => !f.ok)).toEqual([]);
  });

  it('reports a diagnostic at the JSON line, so a finding points into the file', () => {
    const errors = diagnostics('{\n  "manifest": {},\n  "manifestVersion": "1.0"\n}', SKILL_PACKAGE_TYPES.manifest);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^line 3: .*manifestVersion/);
  });

  it.each([
    [
      'manifestVersion at the top level, outside manifest',
      'skill.json',
      SKILL_PACKAGE_TYPES.manifest,
      (json: Record<string, unknown>) => {
        json.manifestVersion = '1.0';
      },
      /manifestVersion/,
    ],
    [
      'an sslCertificateType Amazon does not define',
      'skill.json',
      SKILL_PACKAGE_TYPES.manifest,
      (json: Record<string, unknown>) => {
        (json as { manifest: { apis: { custom: { endpoint: { sslCertificateType: string } } } } }).manifest.apis.custom.endpoint.sslCertificateType = 'SelfMade';
      },
      /SelfMade/,
    ],
    [
      'an interaction model without its languageModel',
      'interactionModels/custom/en-US.json',
      SKILL_PACKAGE_TYPES.interactionModel,
      (json: Record<string, unknown>) => {
        (json as { interactionModel: Record<string, unknown> }).interactionModel = {};
      },
      /languageModel/,
    ],
    [
      'an intent with a misspelt property (sample for samples)',
      'interactionModels/custom/en-US.json',
      SKILL_PACKAGE_TYPES.interactionModel,
      (json: Record<string, unknown>) => {
        const model = json as { interactionModel: { languageModel: { intents: Array<Record<string, unknown>> } } };
        model.interactionModel.languageModel.intents[0]!.sample = ['typo'];
      },
      /sample/,
    ],
    [
      'an account-linking type that is not AUTH_CODE or IMPLICIT',
      'accountLinking.json',
      SKILL_PACKAGE_TYPES.accountLinking,
      (json: Record<string, unknown>) => {
        (json as { accountLinkingRequest: { type: string } }).accountLinkingRequest.type = 'PASSWORD';
      },
      /PASSWORD/,
    ],
    [
      'an accessTokenScheme Amazon does not define',
      'accountLinking.json',
      SKILL_PACKAGE_TYPES.accountLinking,
      (json: Record<string, unknown>) => {
        (json as { accountLinkingRequest: { accessTokenScheme: string } }).accountLinkingRequest.accessTokenScheme = 'BEARER';
      },
      /BEARER/,
    ],
  ])('refuses %s', (_, file, type, mutate, expected) => {
    expect(diagnostics(read(file), type)).toEqual([]);
    const errors = diagnostics(mutated(file, mutate), type);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(expected);
  });
});
