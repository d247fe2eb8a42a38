import { describe, expect, it } from 'vitest';
import { normalizeCertUrl } from '../../src/verification/cert-url.ts';
import { codeOf } from '../support/codes.ts';

describe('certificate URL rules (Amazon, "Verify the signature certificate URL")', () => {
  it.each([
    ['https://s3.amazonaws.com/echo.api/echo-api-cert.pem', 'https://s3.amazonaws.com/echo.api/echo-api-cert.pem'],
    ['https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem', 'https://s3.amazonaws.com/echo.api/echo-api-cert.pem'],
    [
      'https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem',
      'https://s3.amazonaws.com/echo.api/echo-api-cert.pem',
    ],
    ['HTTPS://S3.AmazonAWS.com/echo.api/echo-api-cert.pem', 'https://s3.amazonaws.com/echo.api/echo-api-cert.pem'],
    ['https://s3.amazonaws.com/echo.api/./x/../echo-api-cert-12.pem', 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem'],
    // Percent-encoded dot segments are resolved by the parser; nothing encoded is left.
    ['https://s3.amazonaws.com/echo.api/x/%2e%2e/echo-api-cert.pem', 'https://s3.amazonaws.com/echo.api/echo-api-cert.pem'],
  ])('accepts %s and normalizes it', (raw, normalized) => {
    expect(normalizeCertUrl(raw)).toBe(normalized);
  });

  it.each([
    ['http://s3.amazonaws.com/echo.api/echo-api-cert.pem', 'wrong scheme'],
    ['https://notamazon.com/echo.api/echo-api-cert.pem', 'wrong host'],
    ['https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem', 'path is case-sensitive'],
    ['https://s3.amazonaws.com/invalid.path/echo-api-cert.pem', 'wrong path'],
    ['https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem', 'wrong port'],
    ['https://s3.amazonaws.com/echo.api/../invalid.path/echo-api-cert.pem', 'dot segments leave /echo.api/'],
    ['https://s3.amazonaws.com/echo.api', 'no trailing slash after echo.api'],
    ['https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem', 'host suffix'],
    ['https://s3.amazonaws.com./echo.api/echo-api-cert.pem', 'trailing dot on host'],
    ['https://user:pass@s3.amazonaws.com/echo.api/echo-api-cert.pem', 'userinfo'],
    ['https://evil.example\\@s3.amazonaws.com/echo.api/echo-api-cert.pem', 'backslash trick'],
    ['https://s3.amazonaws.com/echo%2Eapi/echo-api-cert.pem', 'percent-encoded path'],
    ['//s3.amazonaws.com/echo.api/echo-api-cert.pem', 'scheme-relative'],
    ['not a url', 'garbage'],
    ['https://s3.amazonaws.com/echo.api/echo-api-cert.pem?n=1', 'query string'],
    ['https://s3.amazonaws.com/echo.api/echo-api-cert.pem?', 'empty query string'],
    ['https://s3.amazonaws.com/echo.api/echo-api-cert.pem#frag', 'fragment'],
    ['https://s3.amazonaws.com/echo.api/echo-api-cert.pem#', 'empty fragment'],
    ['https://s3.amazonaws.com/echo.api/echo-api-cert.pem?#', 'empty query and fragment'],
    ['https://s3.amazonaws.com/echo.api/../echo.api/x.pem?versionId=abc', 'query after dot segments'],
    // S3 decodes the key, so each encoding would name Amazon's real chain under a new URL to download and cache.
    ['https://s3.amazonaws.com/echo.api/%65cho-api-cert-12.pem', 'percent-encoded letter in the file name'],
    ['https://s3.amazonaws.com/echo.api/echo-api-cert-12%2Epem', 'percent-encoded dot in the file name'],
    ['https://s3.amazonaws.com/echo.api/cert%3Fn=1.pem', 'percent-encoded question mark'],
    ['https://s3.amazonaws.com/echo.api/a%2F..%2Fcert.pem', 'percent-encoded slash'],
    ['https://s3.amazonaws.com/echo.api/%2e%2e%2fcert.pem', 'percent-encoded dots and slash in one segment'],
    ['https://s3.amazonaws.com/echo.api/a cert.pem', 'a character the parser percent-encodes (space)'],
    ['https://s3.amazonaws.com/echo.api/c\u00e9rt.pem', 'a non-ASCII character the parser percent-encodes'],
  ])('rejects %s (%s)', async (raw) => {
    expect(await codeOf(() => normalizeCertUrl(raw))).toBe('CERT_URL_INVALID');
  });

  // The last header that passed is remembered (Alexa sends the same one on every request): a
  // remembered pass must not let a lookalike through, nor make a refused header pass later.
  it('refuses a near variant of the URL it just accepted, and again after accepting it once more', async () => {
    const good = 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem';
    const variants = [`${good}?`, good.replace('12', '1 2'), good.replace('echo.api', 'EcHo.aPi'), `${good}#`, good.replace('https', 'http')];
    for (const variant of variants) {
      expect(normalizeCertUrl(good)).toBe(good);
      expect(await codeOf(() => normalizeCertUrl(variant))).toBe('CERT_URL_INVALID');
      expect(await codeOf(() => normalizeCertUrl(variant))).toBe('CERT_URL_INVALID');
      expect(normalizeCertUrl(good)).toBe(good);
    }
  });

  it('gives a remembered header the result the rules give it', () => {
    const raw = 'HTTPS://S3.AmazonAWS.com:443/echo.api/x/../echo-api-cert.pem';
    const first = normalizeCertUrl(raw);
    expect(normalizeCertUrl(raw)).toBe(first);
    expect(first).toBe('https://s3.amazonaws.com/echo.api/echo-api-cert.pem');
    // Another header that normalizes to the same URL gets the same result, and so does the first again.
    expect(normalizeCertUrl('https://s3.amazonaws.com/echo.api/echo-api-cert.pem')).toBe(first);
    expect(normalizeCertUrl(raw)).toBe(first);
  });
});
