import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyReadsSpeakers } from '../../tools/skill-package/policy-source.ts';
import { checkPackage, loadSkillPackage } from '../../tools/skill-package/rules.ts';

const ROOT = join(import.meta.dirname, '..', '..', 'skill-package');
const real = loadSkillPackage(ROOT);
const rule = (pkg: typeof real) => checkPackage(pkg).filter((f) => f.rule === 'personalization-permission');
const withPermissions = (permissions: { name: string }[] | undefined) => ({
  ...real,
  manifest: { manifest: { ...real.manifest.manifest, permissions } },
});

describe('skill package rule: personalization-permission (recognized speakers need alexa::person_id:read)', () => {
  it('passes the real package: the policy asks a confidence level and skill.json asks for the permission', () => {
    expect(real.readsSpeakers).toBe(true);
    expect(rule(real)).toEqual([expect.objectContaining({ ok: true, message: 'alexa::person_id:read is asked for' })]);
  });

  it.each([[undefined], [[{ name: 'alexa::profile:name:read' }]]])('refuses a package whose policy reads speakers without the permission (%j)', (permissions) => {
    const [finding] = rule(withPermissions(permissions));
    expect(finding).toMatchObject({ ok: false, file: 'skill.json' });
    expect(finding!.message).toContain('alexa::person_id:read');
  });

  it('asks nothing of a skill that does not read recognized speakers', () => {
    expect(rule({ ...withPermissions(undefined), readsSpeakers: false })).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('reads minConfidence in the policy source', () => {
    expect(policyReadsSpeakers("linkingPolicy({ linkedIntents: ['A'], minConfidence: { A: 300 } })")).toBe(true);
    expect(policyReadsSpeakers("linkingPolicy({ linkedIntents: ['A'] })")).toBe(false);
  });
});
