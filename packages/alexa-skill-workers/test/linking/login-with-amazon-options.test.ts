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

  it.each([
    ['a host that is not loopback', { tokeninfoUrl: 'https://tokeninfo.example/auth/o2/tokeninfo', allowDevelopmentTrust: true }],
    ['a URL that is not http(s)', { tokeninfoUrl: 'ftp://localhost/auth/o2/tokeninfo', allowDevelopmentTrust: true }],
    ['allowDevelopmentTrust not true', { tokeninfoUrl: 'http://localhost:8791/auth/o2/tokeninfo' }],
  ])('refuses a tokeninfo URL with %s without quoting it', (_, options) => {
    const error = (() => {
      try {
        new LoginWithAmazonValidator({ clientId: 'amzn1.application-oa2-client.abc', ...options });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ code: 'CONFIG_INVALID', setting: 'tokeninfoUrl' });
    expect((error as Error).message).not.toContain(options.tokeninfoUrl);
  });
});
