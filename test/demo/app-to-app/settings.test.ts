import { describe, expect, it } from 'vitest';
import { appToAppSettings, type AppToAppEnv } from '../../../demo/ride-hailer-service/src/app-to-app/settings.ts';

const base: AppToAppEnv = {
  ALEXA_SKILL_ID: 'amzn1.ask.skill.11111111-2222-4333-8444-555555555555',
  ALEXA_LWA_CLIENT_ID: 'amzn1.application-oa2-client.x',
  ALEXA_LWA_CLIENT_SECRET: 's',
  PUBLIC_URL: 'https://service.example',
};

describe('demo service: app-to-app settings', () => {
  it('defaults every Amazon URL to Amazon\'s own and builds the redirect URL from PUBLIC_URL', () => {
    expect(appToAppSettings(base)).toMatchObject({
      stage: 'development',
      alexaAppUrl: 'https://alexa.amazon.com/spa/skill-account-linking-consent',
      lwaAuthorizeUrl: 'https://www.amazon.com/ap/oa',
      lwaTokenUrl: 'https://api.amazon.com/auth/o2/token',
      alexaApiUrl: 'https://api.amazonalexa.com',
      redirectUri: 'https://service.example/app/alexa/callback',
    });
  });

  it('is off without a skill ID or an LWA client ID', () => {
    expect(appToAppSettings({ ...base, ALEXA_SKILL_ID: undefined })).toBeUndefined();
    expect(appToAppSettings({ ...base, ALEXA_LWA_CLIENT_ID: '' })).toBeUndefined();
  });

  it.each([
    [{ ALEXA_SKILL_STAGE: 'beta' }, 'ALEXA_SKILL_STAGE'],
    [{ ALEXA_LWA_CLIENT_SECRET: undefined }, 'ALEXA_LWA_CLIENT_SECRET'],
    [{ PUBLIC_URL: undefined }, 'PUBLIC_URL'],
    [{ ALEXA_SKILL_ID: 'skill-1' }, 'ALEXA_SKILL_ID'],
    [{ LWA_TOKEN_URL: 'http://lwa.example/token' }, 'LWA_TOKEN_URL'],
    [{ ALEXA_API_URL: 'not a url' }, 'ALEXA_API_URL'],
  ])('names the bad setting: %j', (change, name) => {
    expect(() => appToAppSettings({ ...base, ...change })).toThrow(name);
  });

  it('accepts plain http on localhost, for the simulator', () => {
    expect(appToAppSettings({ ...base, ALEXA_API_URL: 'http://localhost:8791' })?.alexaApiUrl).toBe('http://localhost:8791');
  });
});
