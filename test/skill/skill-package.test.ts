import type { ResponseEnvelope } from 'ask-sdk-model';
import { beforeAll, describe, expect, it } from 'vitest';
import accountLinking from '../../skill-package/accountLinking.json';
import model from '../../skill-package/interactionModels/custom/en-US.json';
import manifest from '../../skill-package/skill.json';
import { SKILL_EVENTS } from '../../src/skill/skill.ts';
import { LINKING_POLICY } from '../../src/skill/policy.ts';
import { createTestPki, intentRequest, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const intents = model.interactionModel.languageModel.intents.map((intent) => intent.name);

describe('skill-package agrees with the code', () => {
  it.each(intents)('the model intent %s has a handler (no apology from the error handler)', async (name) => {
    const skill = new SkillHarness(pki).serveChain();
    const res = await skill.send(intentRequest(name, {}, { timestamp: NOW }));
    expect(res.status).toBe(200);
    const body = await res.json<ResponseEnvelope>();
    expect(JSON.stringify(body.response)).not.toContain('something went wrong');
    expect(skill.logs.lines.map((l) => l.event)).not.toContain('skill_error');
  });

  it('subscribes to exactly the skill events the skill handles', () => {
    const toRequestType = (eventName: string) =>
      `AlexaSkillEvent.${eventName.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
    const subscribed = manifest.manifest.events.subscriptions.map((s) => toRequestType(s.eventName));
    expect(new Set(subscribed)).toEqual(SKILL_EVENTS);
  });

  it('asks for the permission that makes Alexa send context.System.person, which the gate\'s minConfidence reads', () => {
    // Amazon, "Person Profile REST API Reference": alexa::person_id:read "Allows your skill to use Voice IDs".
    expect(manifest.manifest.permissions).toContainEqual({ name: 'alexa::person_id:read' });
    expect(LINKING_POLICY.minConfidence.size).toBeGreaterThan(0);
  });

  it('points custom requests and events at the same HTTPS endpoint', () => {
    const { apis, events } = manifest.manifest;
    expect(apis.custom.endpoint.uri).toMatch(/^https:\/\//);
    expect(events.endpoint).toEqual(apis.custom.endpoint);
  });

  it('uses the authorization code grant for account linking, with no real secret committed', () => {
    expect(accountLinking.accountLinkingRequest.type).toBe('AUTH_CODE');
    expect(accountLinking.accountLinkingRequest.clientSecret).toMatch(/NEVER-COMMIT/);
  });
});
