import { describe, expect, it } from 'vitest';
import { LoginWithAmazonValidator } from '../../packages/alexa-skill-workers/src/linking/opaque-validator.ts';
import { perIsolate } from '../../packages/alexa-skill-workers/src/core/per-isolate.ts';

describe('perIsolate', () => {
  it('builds once per bindings object, and again for another one', () => {
    let builds = 0;
    const servicesFor = perIsolate((env: { name: string }) => ({ n: ++builds, name: env.name }));
    const env = { name: 'a' };
    expect(servicesFor(env)).toBe(servicesFor(env));
    expect(servicesFor({ name: 'b' })).toEqual({ n: 2, name: 'b' });
    expect(builds).toBe(2);
  });

  it('does not remember a build that threw, so a fixed binding takes effect', () => {
    const env: { id?: string } = {};
    const servicesFor = perIsolate((e: { id?: string }) => {
      if (!e.id) throw new Error('id missing');
      return e.id;
    });
    expect(() => servicesFor(env)).toThrow('id missing');
    env.id = 'x';
    expect(servicesFor(env)).toBe('x');
  });
});

describe('LoginWithAmazonValidator', () => {
  it('refuses a missing client ID at creation, naming the option, instead of refusing every token later', () => {
    for (const clientId of ['', '  ', undefined]) {
      expect(() => new LoginWithAmazonValidator({ clientId: clientId as string })).toThrow(
        expect.objectContaining({ code: 'CONFIG_INVALID', setting: 'clientId' }),
      );
    }
  });

  it('refuses a local tokeninfo URL unless development trust is allowed, and a non-loopback one always', () => {
    const clientId = 'amzn1.application-oa2-client.abc';
    const local = 'http://localhost:8791/auth/o2/tokeninfo';
    expect(() => new LoginWithAmazonValidator({ clientId, tokeninfoUrl: local })).toThrow(expect.objectContaining({ setting: 'tokeninfoUrl' }));
    expect(() => new LoginWithAmazonValidator({ clientId, tokeninfoUrl: local, allowDevelopmentTrust: true })).not.toThrow();
    expect(() => new LoginWithAmazonValidator({ clientId, tokeninfoUrl: 'https://tokeninfo.example/', allowDevelopmentTrust: true })).toThrow(
      expect.objectContaining({ setting: 'tokeninfoUrl' }),
    );
  });
});
