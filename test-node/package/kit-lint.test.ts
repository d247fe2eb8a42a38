import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { root } from './entries.ts';

// The kit's boundaries (eslint.config.js, rule kit/boundaries), run through ESLint with the repo's
// config on small snippets. Type information is off: the rule reads paths, not types, and this
// keeps the check fast. Each row names a file the snippet pretends to be.

const eslint = new ESLint({ cwd: root, overrideConfig: tseslint.configs.disableTypeChecked });

async function lint(file: string, code: string) {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${file}` });
  const fatal = result!.messages.filter((m) => m.fatal);
  expect(fatal).toEqual([]);
  return result!.messages;
}

const boundaryMessages = async (file: string, code: string) =>
  (await lint(file, code)).filter((m) => m.ruleId === 'kit/boundaries').map((m) => m.message);

describe('kit/boundaries', () => {
  describe('(a) outside the kit package, the kit only through alexa-skill-workers/<entry>', () => {
    it.each([
      ['src/skill/skill.ts', `import { linkingGate } from '../../packages/alexa-skill-workers/src/ask-sdk.ts';`],
      ['src/app.ts', `import { errorResponse } from '../packages/alexa-skill-workers/src/respond.ts';`],
      ['src/skill/handlers/order-car.ts', `export { consoleLogger } from '../../../packages/alexa-skill-workers/src/lib/log.ts';`],
      ['src/runtime.ts', `export * from '../packages/alexa-skill-workers/src/index.ts';`],
      ['src/runtime.ts', `export const late = () => import('../packages/alexa-skill-workers/src/linking.ts');`],
      ['examples/hello-linked-user/src/index.ts', `import { alexaVerifier } from '../../../packages/alexa-skill-workers/src/hono.ts';`],
    ])('refuses, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([expect.stringContaining('public entries')]);
    });

    it.each([
      ['src/app.ts', `import { alexaVerifier } from 'alexa-skill-workers/hono';`],
      ['src/skill/skill.ts', `import { linkingGate } from 'alexa-skill-workers/ask-sdk';\nimport { x } from './policy.ts';`],
      ['examples/hello-linked-user/src/index.ts', `import { createAlexaVerifier } from 'alexa-skill-workers';`],
      ['examples/hello-linked-user/test/hello.test.ts', `import { createTestPki } from 'alexa-skill-workers/testing';`],
    ])('allows, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([]);
    });
  });

  describe('(b) the kit imports nothing outside its src/', () => {
    it.each([
      ['packages/alexa-skill-workers/src/verification/verifier.ts', `import { parseConfig } from '../../../../src/config.ts';`],
      ['packages/alexa-skill-workers/src/ask-sdk/linking-gate.ts', `import { t } from '../../../../src/skill/i18n/index.ts';`],
      ['packages/alexa-skill-workers/src/index.ts', `import { app } from '../../../src/app.ts';`],
      ['packages/alexa-skill-workers/src/linking/presets.ts', `export { x } from '../../../../tools/alexa/dev-ca.ts';`],
    ])('refuses, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([expect.stringContaining('nothing outside packages/alexa-skill-workers/src')]);
    });

    it.each([
      ['packages/alexa-skill-workers/src/linking/presets.ts', `import { LinkingError } from 'alexa-skill-workers/linking';`],
      ['packages/alexa-skill-workers/src/testing/requests.ts', `import { AMAZON_ROOTS_PEM } from 'alexa-skill-workers';`],
    ])('refuses a self-import by the package name, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([expect.stringContaining('by relative path')]);
    });

    it.each([
      ['packages/alexa-skill-workers/src/verification/verifier.ts', `import { consoleLogger } from '../lib/log.ts';\nimport { ECParameters } from '@peculiar/asn1-ecc';`],
      ['packages/alexa-skill-workers/src/index.ts', `export { createAlexaVerifier } from './verification/verifier.ts';`],
    ])('allows, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([]);
    });
  });

  describe('(c) runtime code never imports the testing modules', () => {
    it.each([
      ['packages/alexa-skill-workers/src/lib/bytes.ts', `import { createTestPki } from '../testing.ts';`],
      ['packages/alexa-skill-workers/src/linking/token-cache.ts', `import { USER_ID } from '../testing/envelopes.ts';`],
      ['packages/alexa-skill-workers/src/index.ts', `export { toPem } from './testing/pki.ts';`],
      ['packages/alexa-skill-workers/src/hono.ts', `export * from './testing.ts';`],
    ])('refuses, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([expect.stringContaining('never import its testing modules')]);
    });

    it.each([
      ['src/app.ts', `import { createTestPki } from 'alexa-skill-workers/testing';`],
      ['src/skill/skill.ts', `import { SKILL_ID } from 'alexa-skill-workers/testing';`],
      ['examples/hello-linked-user/src/index.ts', `import { USER_ID } from 'alexa-skill-workers/testing';`],
    ])('refuses the testing entry in code that runs in a Worker, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([expect.stringContaining('for tests')]);
    });

    it.each([
      ['packages/alexa-skill-workers/src/testing.ts', `export { createTestPki } from './testing/pki.ts';`],
      ['packages/alexa-skill-workers/src/testing/requests.ts', `import { signBody } from './pki.ts';\nimport { consoleLogger } from '../lib/log.ts';`],
    ])('allows the testing modules among themselves, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([]);
    });
  });

  it('leaves the other import rules in force (a handler still cannot import a locale)', async () => {
    const messages = await lint('src/skill/handlers/launch.ts', `import { en } from '../i18n/en.ts';`);
    expect(messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });
});
