import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPackage, loadSkillPackage } from '../../../src/cli/check/rules.ts';
import { POLICY } from './support.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'skill-package');
const real = loadSkillPackage(ROOT, POLICY);
const rule = (pkg: typeof real) => checkPackage(pkg).filter((f) => f.rule === 'personalization-permission');
const withPermissions = (permissions: { name: string }[] | undefined) => ({
  ...real,
  manifest: { manifest: { ...real.manifest.manifest, permissions } },
});

describe('skill package rule: personalization-permission (recognized speakers need alexa::person_id:read)', () => {
  it('passes the real package: the project says the skill reads recognized speakers and skill.json asks for the permission', () => {
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

  it('takes it from the project (policy.recognizedSpeakers), not from the skill\'s source', () => {
    expect(loadSkillPackage(ROOT, { ...POLICY, recognizedSpeakers: false }).readsSpeakers).toBe(false);
  });
});
