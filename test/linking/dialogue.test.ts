import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, intentRequest, launchRequest, USER_ID, type TestPki } from 'alexa-skill-workers/testing';
import { NOW, SkillHarness } from '../support/harness.ts';
import { kvKeys } from '../support/kv.ts';
import { ANA } from '../support/provider.ts';
import { turn } from '../support/talk.ts';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const at = (accessToken: string, attributes?: Record<string, unknown>) => ({ timestamp: NOW, accessToken, attributes });

describe('the linked Ride Hailer experience', () => {
  it('orders a ride to work: OrderCar confirms from the profile, Yes orders it and says when it arrives', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();

    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, at(token)));
    expect(ask.speech).toContain('Ordering a ride using your Ride Hailer account');
    expect(ask.speech).toContain('default work location, Contoso Tower');
    expect(ask.speech).toContain('Visa ending 4242');
    expect(ask.endsSession).toBe(false);
    expect(ask.attributes.pending).toEqual({
      destination: 'work', label: 'Contoso Tower', quotedTo: { level: 'account', id: expect.stringMatching(/^[0-9a-f]{64}$/) as string },
    });
    expect(skill.provider.rides).toEqual([]);

    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, at(token, ask.attributes)));
    expect(yes.speech).toContain('Your ride to Contoso Tower is on its way');
    expect(yes.speech).toContain('about 7 minutes');
    expect(yes.endsSession).toBe(true);
    expect(skill.provider.rides).toEqual([
      { token, body: { destination: 'work' }, idempotencyKey: expect.stringMatching(/^"[0-9a-f]{64}"$/) as string },
    ]);
    expect(skill.provider.calls('userinfo')).toBe(1);
  });

  it('uses the entity-resolution ID of a synonym ("the office" is work)', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const envelope = intentRequest('OrderCar', { destination: 'the office' }, at(skill.provider.opaqueToken()));
    (envelope.request as { intent: { slots: Record<string, object> } }).intent.slots.destination = {
      name: 'destination', value: 'the office', confirmationStatus: 'NONE',
      resolutions: { resolutionsPerAuthority: [{ authority: 'amzn1.er-authority.echo-sdk.x.DESTINATION', status: { code: 'ER_SUCCESS_MATCH' }, values: [{ value: { name: 'work', id: 'work' } }] }] },
    };
    expect((await turn(skill, envelope)).speech).toContain('Contoso Tower');
  });

  it('remembers the last destination in persistent attributes and offers it next time', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'home' }, at(token)));
    await turn(skill, intentRequest('AMAZON.YesIntent', {}, at(token, ask.attributes)));
    expect(await env.CACHE.get(await kvKeys.attributes(USER_ID), 'json')).toEqual({ lastDestination: 'home' });

    const again = await turn(skill, intentRequest('OrderCar', {}, at(token)));
    expect(again.speech).toContain('default home location, Maple Street');
  });

  it('asks where to when there is no destination and nothing remembered', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const answer = await turn(skill, intentRequest('OrderCar', {}, at(skill.provider.opaqueToken())));
    expect(answer.speech).toContain('Where would you like to go');
    expect(answer.endsSession).toBe(false);
  });

  it('helps when the profile has no such destination', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const answer = await turn(skill, intentRequest('OrderCar', { destination: 'airport' }, at(skill.provider.opaqueToken())));
    expect(answer.speech).toContain("I don't have a saved place called airport in your Ride Hailer profile.");
    expect(answer.speech).toContain('You can go to work or home, ');
    expect(answer.attributes.pending).toBeUndefined();
  });

  it('names a spoken destination as it was said, with no article in front', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const answer = await turn(skill, intentRequest('OrderCar', { destination: 'the moon' }, at(skill.provider.opaqueToken())));
    expect(answer.speech).toContain("I don't have a saved place called the moon in your Ride Hailer profile.");
    expect(answer.speech).not.toMatch(/\ba a\b|\ba the\b/);
  });

  it.each([
    [{ work: { label: 'Contoso Tower' } }, 'You can go to work, or add'],
    [{ work: { label: 'Contoso Tower' }, home: { label: 'Maple Street' } }, 'You can go to work or home, or add'],
    [
      { work: { label: 'Contoso Tower' }, home: { label: 'Maple Street' }, gym: { label: 'Fit Club' } },
      'You can go to work, home, or gym, or add',
    ],
  ])('lists the saved places as a spoken list (%#: one, two, three places)', async (defaultLocations, expected) => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken({ defaultLocations });
    const answer = await turn(skill, intentRequest('OrderCar', { destination: 'airport' }, at(token)));
    expect(answer.speech).toContain(expected);
  });

  it('copes with a profile missing optional fields', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken({ defaultLocations: { work: { label: 'Contoso Tower' } } });
    const answer = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, at(token)));
    expect(answer.speech).toContain('Contoso Tower, right?');
    expect(answer.speech).not.toContain('paid with');
  });

  it('cancels kindly on No, and orders nothing', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, at(token)));
    const no = await turn(skill, intentRequest('AMAZON.NoIntent', {}, at(token, ask.attributes)));
    expect(no.speech).toContain("Okay, I won't order that ride");
    expect(no.endsSession).toBe(true);
    expect(skill.provider.rides).toEqual([]);
  });

  it('says there is nothing to confirm on a Yes without a pending order', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, at(skill.provider.opaqueToken())));
    expect(yes.speech).toContain("There's no ride waiting for a yes");
    expect(skill.provider.rides).toEqual([]);
  });

  it('asks to relink when the rides API refuses the token, and forgets the token', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, at(token)));
    skill.provider.revoke(token);
    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, at(token, ask.attributes)));
    expect(yes.card).toEqual({ type: 'LinkAccount' });
    const after = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, at(token)));
    expect(after.card).toEqual({ type: 'LinkAccount' });
  });

  it('says it cannot reach Ride Hailer when the rides API fails', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const token = skill.provider.opaqueToken();
    const ask = await turn(skill, intentRequest('OrderCar', { destination: 'work' }, at(token)));
    skill.provider.override('rides', () => new Response('down', { status: 502 }));
    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, at(token, ask.attributes)));
    expect(yes.speech).toContain("can't reach Ride Hailer right now");
    expect(yes.card).toBeUndefined();
  });

  it('asks an unlinked user to link on Yes too (the policy covers it)', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const yes = await turn(skill, intentRequest('AMAZON.YesIntent', {}, { timestamp: NOW }));
    expect(yes.card).toEqual({ type: 'LinkAccount' });
  });

  describe('launch', () => {
    it('greets a linked user by name when the token is cached', async () => {
      const skill = new SkillHarness(pki).serveChain();
      const token = skill.provider.opaqueToken();
      await turn(skill, intentRequest('OrderCar', { destination: 'work' }, at(token)));
      const calls = skill.provider.totalCalls();
      const hello = await turn(skill, launchRequest(at(token)));
      expect(hello.speech).toContain(`Welcome back to Ride Hailer, ${ANA.name}`);
      expect(skill.provider.totalCalls()).toBe(calls);
    });

    it('gives the general welcome, with no provider call, when the token is not cached', async () => {
      const skill = new SkillHarness(pki).serveChain();
      const hello = await turn(skill, launchRequest(at(skill.provider.opaqueToken())));
      expect(hello.speech).toContain('Welcome to Ride Hailer');
      expect(skill.provider.totalCalls()).toBe(0);
    });
  });

  it('never touches the token on a public intent', async () => {
    const skill = new SkillHarness(pki).serveChain();
    const answer = await turn(
      skill,
      intentRequest('RideHailerAvailabilityByCity', { city: 'Seattle' }, at('Atza|whatever')),
    );
    expect(answer.speech).toContain('services in Seattle');
    expect(skill.provider.totalCalls()).toBe(0);
  });
});
