import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPackage, loadSkillPackage, type SkillPackage } from '../../../src/cli/check/rules.ts';
import { POLICY } from './support.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'skill-package');
const real = loadSkillPackage(ROOT, POLICY);
const rule = (pkg: SkillPackage) => checkPackage(pkg).filter((f) => f.rule === 'consent-permissions');
const withPermissions = (permissions: { name: string }[] | undefined): SkillPackage => ({
  ...real,
  manifest: { manifest: { ...real.manifest.manifest, permissions } },
});

describe('skill package rule: consent-permissions (what a consent card asks for is declared in skill.json)', () => {
  it("passes the real package: the rider's first name is asked for (policy.consentPermissions) and declared", () => {
    expect(real.consentPermissions).toEqual(['alexa::profile:given_name:read']);
    const [finding, ...more] = rule(real);
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ ok: true, file: 'skill.json' });
    expect(finding!.message).toContain('alexa::profile:given_name:read');
  });

  it.each([[undefined], [[{ name: 'alexa::person_id:read' }]]])('refuses a skill.json that does not declare it (%j)', (permissions) => {
    const [finding, ...more] = rule(withPermissions(permissions));
    expect(more).toEqual([]);
    expect(finding).toMatchObject({ ok: false, file: 'skill.json' });
    expect(finding!.message).toContain('alexa::profile:given_name:read');
  });

  it('asks nothing of a skill that sends no consent card (policy.consentPermissions absent)', () => {
    expect(loadSkillPackage(ROOT, { ...POLICY, consentPermissions: undefined }).consentPermissions).toEqual([]);
    expect(rule({ ...withPermissions(undefined), consentPermissions: [] })).toEqual([expect.objectContaining({ ok: true })]);
  });
});
