import { describe, expect, it } from 'vitest';
import { LoginWithAmazonValidator } from '../../src/linking/opaque-validator.ts';

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
