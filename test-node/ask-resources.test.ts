/**
 * ask-resources.json against what ASK CLI v2 reads from it (alexa/ask-cli, v2.30.7):
 * - lib/model/abstract-config-file.js: the file is parsed with JSON.parse.
 * - lib/model/resources-config/ask-resources.js: BASE is `{ askcliResourcesVersion: "2020-03-31", profiles: {} }`;
 *   `getSkillMetaSrc(profile)` reads `profiles.<profile>.skillMetadata.src`.
 * - lib/utils/profile-helper.js `runtimeProfile`: the profile is `default` unless -p or ASK_DEFAULT_PROFILE says otherwise.
 * - lib/commands/deploy/helper.js `confirmProfile`: "Profile [x] does not exist" unless `profiles.<profile>` is set.
 * - lib/commands/deploy/index.ts `_initiateManifestModel`: "Skill package src is not found in ask-resources.json."
 *   unless `src` is a non-blank string, and "The skillMetadata src file … does not exist." unless it exists (relative to
 *   the working directory, the project root); it then loads `<src>/skill.json` (constants FILE_PATH.SKILL_PACKAGE.MANIFEST).
 * - lib/utils/ac-util.js `isAcSkill`: a `<src>/conversations` folder makes it an Alexa Conversations skill, which
 *   must be compiled first; this skill has none.
 * - lib/commands/deploy/index.ts `deployResources`: with no `code` regions, deploy stops after the skill metadata,
 *   and `skillInfrastructure.type` "@ask-cli/hosted-skill-deployer" is refused (`_filterAlexaHostedSkill`). A skill
 *   hosted on Cloudflare Workers has neither: ASK CLI only uploads the skill package.
 * - lib/model/resources-config/ask-states.js: the skill ID lives in .ask/ask-states.json, not here.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const text = readFileSync(join(ROOT, 'ask-resources.json'), 'utf8');

interface Profile {
  skillMetadata?: { src?: unknown };
  code?: unknown;
  skillInfrastructure?: unknown;
  skillId?: unknown;
}

describe('ask-resources.json (what `ask deploy --target skill-metadata` reads)', () => {
  const resources = JSON.parse(text) as { askcliResourcesVersion?: unknown; profiles?: Record<string, Profile> };
  const profile = resources.profiles?.default;

  it('is the ASK CLI v2 format, version 2020-03-31', () => {
    expect(resources.askcliResourcesVersion).toBe('2020-03-31');
  });

  it('has the default profile, the one ask deploy uses without -p', () => {
    expect(profile).toBeTypeOf('object');
  });

  it('points skillMetadata.src at the skill package folder, which holds skill.json', () => {
    const src = profile?.skillMetadata?.src;
    expect(src).toBeTypeOf('string');
    expect(String(src).trim()).not.toBe('');
    const folder = join(ROOT, String(src));
    expect(existsSync(folder) && statSync(folder).isDirectory()).toBe(true);
    expect(existsSync(join(folder, 'skill.json'))).toBe(true);
  });

  it('is not an Alexa Conversations package (no conversations/ folder to compile)', () => {
    expect(existsSync(join(ROOT, String(profile?.skillMetadata?.src), 'conversations'))).toBe(false);
  });

  it('has no code and no skillInfrastructure: the skill is self-hosted on Workers, so ASK CLI deploys metadata only', () => {
    expect(profile).not.toHaveProperty('code');
    expect(profile).not.toHaveProperty('skillInfrastructure');
  });

  it('holds no skill ID (ASK CLI keeps it in .ask/ask-states.json)', () => {
    expect(text).not.toMatch(/amzn1\.ask\.skill\./);
  });
});
