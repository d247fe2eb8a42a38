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
      // A tool, the bench, a Node test and an e2e test are held to the same boundary as the app.
      ['tools/alexa/dev-ca.ts', `import { createTestPki } from '../../packages/alexa-skill-workers/src/testing/pki.ts';`],
      ['tools/simulator/device.ts', `import { envelopeFor, type EnvelopeOptions } from '../../packages/alexa-skill-workers/src/testing/envelopes.ts';`],
      ['tools/perf/wrapper.mjs', `import { signBody } from '../../packages/alexa-skill-workers/dist/testing.js';`],
      ['tools/perf/perf.ts', `import { signBody } from '../../node_modules/alexa-skill-workers/dist/testing.js';`],
      ['bench/requests.ts', `import { intentRequest } from '../packages/alexa-skill-workers/src/testing/envelopes.ts';`],
      ['bench/node-anchor/server.ts', `import { AccountService } from '../../packages/alexa-skill-workers/src/linking/account-service.ts';`],
      ['test-node/dev-ca.test.ts', `import type { TestPki } from '../packages/alexa-skill-workers/src/testing/pki.ts';`],
      ['test-node/support/kit-verifier.ts', `export const kit = () => import('../../packages/alexa-skill-workers/src/index.ts');`],
      ['test-node/cost.test.ts', `type Cache = typeof import('../packages/alexa-skill-workers/src/linking/token-cache.ts');`],
      ['test-node/source.test.ts', `import source from '../packages/alexa-skill-workers/src/linking.ts?raw';`],
      ['test-e2e/stack.ts', `import { SKILL_ID } from '../packages/alexa-skill-workers/src/testing/envelopes.ts';`],
      ['test/skill/skill.test.ts', `import { KitHarness } from '../../packages/alexa-skill-workers/test/support/harness.ts';`],
      ['vitest.e2e.config.ts', `import { kitSource } from './packages/alexa-skill-workers/src/index.ts';`],
      ['scripts/release.ts', `export { toPem } from '../packages/alexa-skill-workers/src/testing/pki.ts';`],
    ])('refuses a path into the package, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([expect.stringContaining('public entries (alexa-skill-workers, /errors')]);
    });

    it.each([
      ['src/app.ts', `import { consoleLogger } from 'alexa-skill-workers/lib/log';`],
      ['tools/simulator/device.ts', `import { signBody } from 'alexa-skill-workers/testing/pki';`],
      ['bench/stack.ts', `import { createTestPki } from 'alexa-skill-workers/src/testing.ts';`],
      ['test-node/cost.test.ts', `import { TokenCache } from 'alexa-skill-workers/linking/token-cache';`],
      ['test-e2e/stack.ts', `import 'alexa-skill-workers/dist/index.js';`],
    ])('refuses a name that is not an entry of package.json "exports", in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([expect.stringContaining("is not one of the kit's public entries")]);
    });

    it.each([
      ['src/app.ts', `import { alexaVerifier } from 'alexa-skill-workers/hono';`],
      ['src/skill/skill.ts', `import { linkingGate } from 'alexa-skill-workers/ask-sdk';\nimport { x } from './policy.ts';`],
      ['examples/hello-linked-user/src/index.ts', `import { createAlexaVerifier } from 'alexa-skill-workers';`],
      ['examples/hello-linked-user/test/hello.test.ts', `import { createTestPki } from 'alexa-skill-workers/testing';`],
      ['tools/alexa/dev-ca.ts', `import { createTestPki } from 'alexa-skill-workers/testing';`],
      ['tools/skill-package/rules.ts', `import { launchRequest, signBody } from 'alexa-skill-workers/testing';\nimport { check } from './smapi-types.ts';`],
      ['bench/node-anchor/server.ts', `import { AccountService } from 'alexa-skill-workers/linking';\nimport { buildSkill } from '../../src/skill/skill.ts';`],
      ['test-node/dev-ca.test.ts', `import { launchRequest } from 'alexa-skill-workers/testing';\nimport { loadOrCreateDevCa } from 'alexa-skill-workers/cli';`],
      ['test-e2e/stack.ts', `import { errorCode } from 'alexa-skill-workers/errors';\nimport { spawnGroup } from 'alexa-skill-workers/cli';\nimport { DEV } from '../tools/dev-config.ts';`],
      ['test-node/package/entries.ts', `import manifest from 'alexa-skill-workers/package.json' with { type: 'json' };`],
      // A docs page read as text is not the kit's code; the workspace's vitest config runs the package's test projects.
      ['test-node/docs/api.test.ts', `import page from '../../packages/alexa-skill-workers/docs/api.md?raw';`],
      ['test/docs.test.ts', `import readme from '../packages/alexa-skill-workers/README.md?raw';`],
      ['vitest.config.ts', `import { kitProjects } from './packages/alexa-skill-workers/vitest.projects.ts';`],
    ])('allows, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([]);
    });
  });

  describe("(b') the kit's own tests, bench and configs: its src/ by relative path, nothing outside the package", () => {
    it.each([
      ['packages/alexa-skill-workers/test/support/harness.ts', `import { signedAlexaRequest } from '../../src/testing.ts';\nimport { fixtureWorker } from '../fixture/worker.ts';`],
      ['packages/alexa-skill-workers/test/fixture/worker.ts', `import { alexaEndpoint } from '../../src/index.ts';\nimport { AccountService } from '../../src/linking/account-service.ts';`],
      ['packages/alexa-skill-workers/test/verification/chain.test.ts', `import { verifyChain } from '../../src/verification/chain.ts';\nimport pem from '../fixtures/alexa/chain.pem?raw';`],
      ['packages/alexa-skill-workers/test/nlu/support.ts', `import { parseInteractionModelText } from '../../src/nlu/index.ts';`],
      ['packages/alexa-skill-workers/bench/resolve.bench.ts', `import { resolveUtterance } from '../src/nlu/index.ts';`],
      ['packages/alexa-skill-workers/vitest.config.ts', `import { kitProjects } from './vitest.projects.ts';`],
    ])('allows, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([]);
    });

    it.each([
      ['packages/alexa-skill-workers/test/linking/jwt.test.ts', `import { en } from '../../../../src/skill/i18n/en.ts';`],
      ['packages/alexa-skill-workers/test/support/harness.ts', `import { SkillHarness } from '../../../../test/support/harness.ts';`],
      ['packages/alexa-skill-workers/test/verification/chain.test.ts', `import pem from '../../../../test/fixtures/alexa/chain-2023/echo-api-cert-12.pem?raw';`],
      ['packages/alexa-skill-workers/bench/resolve.bench.ts', `import { run } from '../../../bench/cost/run.ts';`],
    ])('refuses what lies outside the package, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([expect.stringContaining('nothing outside packages/alexa-skill-workers: ')]);
    });

    it.each([
      ['packages/alexa-skill-workers/test/smoke.test.ts', `import { createTestPki } from 'alexa-skill-workers/testing';`],
      ['packages/alexa-skill-workers/test/fixture/worker.ts', `import { alexaEndpoint } from 'alexa-skill-workers';`],
    ])('refuses the package by its name (that is the built dist/), in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([expect.stringContaining('would load the built dist/')]);
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
      ['demo/ride-hailer-service/src/index.ts', `import { createTestPki } from 'alexa-skill-workers/testing';`],
      ['demo/ride-hailer-service/src/app-to-app/page.ts', `export { signBody } from 'alexa-skill-workers/testing';`],
    ])('refuses the testing entry in code that runs in a Worker, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([expect.stringContaining('for tests')]);
    });

    it.each([
      ['packages/alexa-skill-workers/src/testing.ts', `export { createTestPki } from './testing/pki.ts';`],
      ['packages/alexa-skill-workers/src/testing/requests.ts', `import { signBody } from './pki.ts';\nimport { consoleLogger } from '../lib/log.ts';`],
      // The command line is Node only (test-node/package/kit-runtime.test.ts): its simulator signs with the test PKI.
      ['packages/alexa-skill-workers/src/cli/simulate/device.ts', `import { envelopeFor } from '../../testing/envelopes.ts';\nimport { signBody } from '../../testing/pki.ts';`],
    ])('allows the testing modules among themselves and in the command line, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([]);
    });
  });

  describe('(c) but the command line, Node only, makes its local CA with the test CA', () => {
    it.each([
      ['packages/alexa-skill-workers/src/cli/ca.ts', `import { createTestPki } from '../testing/pki.ts';`],
      ['packages/alexa-skill-workers/src/cli.ts', `export { createTestPki } from './testing/pki.ts';`],
    ])('allows, in %s: %s', async (file, code) => {
      expect(await boundaryMessages(file, code)).toEqual([]);
    });

    it('still refuses it in a runtime module beside the command line: src/client.ts', async () => {
      expect(await boundaryMessages('packages/alexa-skill-workers/src/client.ts', `import { createTestPki } from './testing/pki.ts';`)).toEqual([
        expect.stringContaining('never import its testing modules'),
      ]);
    });
  });

  it('leaves the other import rules in force (a handler still cannot import a locale)', async () => {
    const messages = await lint('src/skill/handlers/launch.ts', `import { en } from '../i18n/en.ts';`);
    expect(messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
  });
});
