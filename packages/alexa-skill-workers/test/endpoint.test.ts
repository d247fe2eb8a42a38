import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES as MAX_BODY_BYTES } from '../src/verification/verifier.ts';
import { BAD_REQUEST_BODY } from '../src/core/respond.ts';
import { SKILL_ID, intentRequest, launchRequest, skillEvent } from '../src/testing/envelopes.ts';
import { createTestPki, generateKeyPair, signBody, type TestPki } from '../src/testing/pki.ts';
import { USERINFO_URL, type FixtureOptions } from './fixture/worker.ts';
import { CERT_URL, KitHarness, NOW, rootsOnly } from './support/harness.ts';
import { outbound } from './support/outbound.ts';

/**
 * The endpoint (alexaEndpoint) as Alexa meets it, through the kit's test skill: Amazon's
 * verification rules, each refusal a generic 400 with its code in the log, and the HTTP mapping.
 */

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
});

const seconds = (s: number) => new Date(NOW.getTime() + s * 1000);

/** One isolate of the test skill that trusts the PKI's root and downloads chains from the certificate URL. */
const isolate = (options: Omit<FixtureOptions, 'trust' | 'now' | 'log'> = {}) => new KitHarness(pki, { trust: rootsOnly(pki), ...options });

/** Sends `envelope` and expects the generic 400 with `code` in the log. */
async function expectRejected(skill: KitHarness, response: Response, code: string): Promise<void> {
  expect(response.status).toBe(400);
  expect(await response.json()).toEqual(BAD_REQUEST_BODY);
  expect(skill.log.lines).toContainEqual(expect.objectContaining({ event: 'request_rejected', code }));
}

describe('POST / with a validly signed request', () => {
  it('answers 200 with the skill response', async () => {
    const skill = isolate().serveChain();
    const res = await skill.send(launchRequest({ timestamp: NOW }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const json = await res.json<{ version: string; response: { outputSpeech: { ssml: string } } }>();
    expect(json.version).toBe('1.0');
    expect(json.response.outputSpeech.ssml).toBe('<speak>fallback</speak>');
  });

  it('accepts unknown fields anywhere in the JSON', async () => {
    const skill = isolate().serveChain();
    const envelope = launchRequest({ timestamp: NOW }) as Record<string, Record<string, unknown>>;
    envelope.futureField = { nested: [1, 2, 3] };
    envelope.request!.somethingNew = 'yes';
    expect((await skill.send(envelope)).status).toBe(200);
  });

  it.each([
    ['a comma-separated skillId', (other: string) => `${other}, ${SKILL_ID}`],
    ['a list of skill IDs', (other: string) => [other, SKILL_ID]],
  ])('accepts any skill ID of %s', async (_, skillIds) => {
    const other = 'amzn1.ask.skill.99999999-2222-4333-8444-555555555555';
    const skill = isolate({ skillId: skillIds(other) }).serveChain();
    expect((await skill.send(launchRequest({ timestamp: NOW, skillId: other }))).status).toBe(200);
    expect((await skill.send(launchRequest({ timestamp: NOW }))).status).toBe(200);
    await expectRejected(skill, await skill.send(launchRequest({ timestamp: NOW, skillId: 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000' })), 'SKILL_ID_MISMATCH');
  });

  it('fetches the normalized certificate URL, never the raw header text, and keeps the chain under it', async () => {
    const skill = isolate().serveChain();
    const raw = 'https://S3.amazonaws.com:443/echo.api/../echo.api/echo-api-cert-test.pem';
    const res = await skill.send(launchRequest({ timestamp: NOW }), { headers: { SignatureCertChainUrl: raw } });
    expect(res.status).toBe(200);
    expect(outbound.requests).toEqual([`GET ${CERT_URL}`]);
    // fetch() would normalize a raw URL itself; what shows the raw text was never used is that
    // other spellings of the same URL find the chain already loaded.
    for (const spelling of [CERT_URL, 'HTTPS://s3.amazonaws.com/echo.api/./echo-api-cert-test.pem']) {
      expect((await skill.send(launchRequest({ timestamp: NOW }), { certUrl: spelling })).status).toBe(200);
    }
    expect(outbound.requests).toEqual([`GET ${CERT_URL}`]);
  });
});

describe('POST / rejects what Alexa did not sign (HTTP 400, generic body, code in the log)', () => {
  it.each([
    ['Signature-256', 'SIGNATURE_HEADER_MISSING'],
    ['SignatureCertChainUrl', 'CERT_URL_HEADER_MISSING'],
  ])('rejects a request without %s', async (header, code) => {
    const skill = isolate().serveChain();
    await expectRejected(skill, await skill.send(launchRequest({ timestamp: NOW }), { headers: { [header]: null } }), code);
  });

  it.each([
    ['Signature-256', 'SIGNATURE_HEADER_MISSING'],
    ['SignatureCertChainUrl', 'CERT_URL_HEADER_MISSING'],
  ])('rejects a request with an empty %s', async (header, code) => {
    const skill = isolate().serveChain();
    await expectRejected(skill, await skill.send(launchRequest({ timestamp: NOW }), { headers: { [header]: '  ' } }), code);
  });

  it('rejects a request that carries only the retired SHA-1 Signature header', async () => {
    const skill = isolate().serveChain();
    const res = await skill.send(launchRequest({ timestamp: NOW }), {
      headers: { 'Signature-256': null, Signature: 'c2lnbmF0dXJl' },
    });
    await expectRejected(skill, res, 'SIGNATURE_HEADER_MISSING');
  });

  it.each([
    'http://s3.amazonaws.com/echo.api/echo-api-cert.pem',
    'https://notamazon.com/echo.api/echo-api-cert.pem',
    'https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem',
    'https://s3.amazonaws.com/invalid.path/echo-api-cert.pem',
    'https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem',
  ])('rejects certificate URL %s without fetching anything', async (url) => {
    const skill = isolate().serveChain();
    const res = await skill.send(launchRequest({ timestamp: NOW }), { headers: { SignatureCertChainUrl: url } });
    await expectRejected(skill, res, 'CERT_URL_INVALID');
    expect(outbound.requests).toEqual([]);
  });

  it('rejects a body changed after signing', async () => {
    const skill = isolate().serveChain();
    const text = JSON.stringify(launchRequest({ timestamp: NOW }));
    const signed = await skill.send(text);
    expect(signed.status).toBe(200);
    const signature = await signBody(text, pki.leaf.privateKey);
    const tampered = text.replace('LaunchRequest', 'LaunchRequesT');
    const res = await skill.send(tampered, { headers: { 'Signature-256': signature } });
    await expectRejected(skill, res, 'SIGNATURE_INVALID');
  });

  it('rejects a body with one extra trailing byte', async () => {
    const skill = isolate().serveChain();
    const text = JSON.stringify(launchRequest({ timestamp: NOW }));
    const res = await skill.send(`${text} `, { headers: { 'Signature-256': await signBody(text, pki.leaf.privateKey) } });
    await expectRejected(skill, res, 'SIGNATURE_INVALID');
  });

  it('rejects a signature made with another key', async () => {
    const skill = isolate().serveChain();
    const other = await generateKeyPair();
    await expectRejected(skill, await skill.send(launchRequest({ timestamp: NOW }), { signWith: other.privateKey }), 'SIGNATURE_INVALID');
  });

  it.each([['not base64 !!!'], ['c2hvcnQ=']])('rejects a malformed signature %s', async (signature) => {
    const skill = isolate().serveChain();
    const res = await skill.send(launchRequest({ timestamp: NOW }), { headers: { 'Signature-256': signature } });
    await expectRejected(skill, res, 'SIGNATURE_INVALID');
  });

  it('rejects a signed body that is not JSON, after checking the signature', async () => {
    const skill = isolate().serveChain();
    await expectRejected(skill, await skill.send('this is not json'), 'BODY_NOT_JSON');
  });

  // The body is decoded with one fatal UTF-8 decoder per isolate: a malformed body must not leave
  // state behind (a sequence cut short at its end) that refuses or alters the next, valid one.
  it('rejects a signed body that is not UTF-8, and the same isolate then answers a valid one', async () => {
    const skill = isolate().serveChain();
    const valid = Uint8Array.from(new TextEncoder().encode(JSON.stringify(launchRequest({ timestamp: NOW }))));
    const signedRequest = async (bytes: Uint8Array<ArrayBuffer>) =>
      new Request('https://skill.test/', {
        method: 'POST',
        headers: { 'content-type': 'application/json', SignatureCertChainUrl: CERT_URL, 'Signature-256': await signBody(bytes, pki.leaf.privateKey) },
        body: bytes,
      });
    const cutShort = Uint8Array.from([...valid, 0xe2, 0x82]);
    const stray = Uint8Array.from([...valid.subarray(0, 20), 0xff, ...valid.subarray(20)]);
    for (const malformed of [cutShort, stray]) {
      await expectRejected(skill, await skill.fetch(await signedRequest(malformed)), 'BODY_NOT_JSON');
      const res = await skill.fetch(await signedRequest(valid));
      expect(res.status).toBe(200);
      expect((await res.json<{ response: { outputSpeech: { ssml: string } } }>()).response.outputSpeech.ssml).toBe('<speak>fallback</speak>');
    }
  });

  it('rejects signed JSON that is not a request envelope', async () => {
    const skill = isolate().serveChain();
    await expectRejected(skill, await skill.send('{"version":"1.0"}'), 'BODY_NOT_JSON');
  });

  it('rejects a request for another skill', async () => {
    const skill = isolate().serveChain();
    const res = await skill.send(
      launchRequest({ timestamp: NOW, skillId: 'amzn1.ask.skill.00000000-0000-4000-8000-000000000000' }),
    );
    await expectRejected(skill, res, 'SKILL_ID_MISMATCH');
  });

  it('rejects a request without an application ID', async () => {
    const skill = isolate().serveChain();
    const envelope = launchRequest({ timestamp: NOW }) as { context: { System: Record<string, unknown> } };
    delete envelope.context.System.application;
    await expectRejected(skill, await skill.send(envelope), 'SKILL_ID_MISMATCH');
  });

  it('rejects a chain the configured roots do not anchor', async () => {
    const stranger = await createTestPki({ label: 'Stranger', now: NOW });
    const skill = isolate().serveChain(CERT_URL, stranger.chainPem);
    const res = await skill.send(launchRequest({ timestamp: NOW }), { signWith: stranger.leaf.privateKey });
    await expectRejected(skill, res, 'CERT_CHAIN_UNTRUSTED');
  });

  it('uses the bundled Amazon roots when trustedRootsPem is unset, so a test chain is refused', async () => {
    const skill = new KitHarness(pki, { trust: {} }).serveChain();
    await expectRejected(skill, await skill.send(launchRequest({ timestamp: NOW })), 'CERT_CHAIN_UNTRUSTED');
    expect(skill.log.lines.map((l) => l.event)).not.toContain('trusted_roots_overridden');
  });
});

describe('timestamp window', () => {
  it.each([
    ['150 s in the past', -150, 200],
    ['150 s in the future', 150, 200],
    ['151 s in the past', -151, 400],
    ['151 s in the future', 151, 400],
  ])('a request stamped %s answers %i', async (_, offset, status) => {
    const skill = isolate().serveChain();
    const res = await skill.send(launchRequest({ timestamp: seconds(offset) }));
    expect(res.status).toBe(status);
    if (status === 400) expect(skill.log.codes()).toContain('TIMESTAMP_OUT_OF_WINDOW');
  });

  it.each([
    ['59 minutes old', -59 * 60, 200],
    ['61 minutes old', -61 * 60, 400],
    ['150 s in the future', 150, 200],
    ['151 s in the future', 151, 400],
  ])('a skill event %s answers %i', async (_, offset, status) => {
    const skill = isolate().serveChain();
    const res = await skill.send(skillEvent('AlexaSkillEvent.SkillEnabled', { timestamp: seconds(offset) }));
    expect(res.status).toBe(status);
  });

  it('does not give intents the skill-event allowance', async () => {
    const skill = isolate().serveChain();
    const res = await skill.send(intentRequest('AMAZON.HelpIntent', {}, { timestamp: seconds(-59 * 60) }));
    await expectRejected(skill, res, 'TIMESTAMP_OUT_OF_WINDOW');
  });

  it.each([['yesterday-ish'], [''], [12345]])('rejects an unparseable timestamp %j', async (timestamp) => {
    const skill = isolate().serveChain();
    const envelope = launchRequest({ timestamp: NOW }) as { request: Record<string, unknown> };
    envelope.request.timestamp = timestamp;
    await expectRejected(skill, await skill.send(envelope), 'TIMESTAMP_INVALID');
  });
});

describe('HTTP surface', () => {
  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('answers %s / with 405 and Allow: POST', async (method) => {
    const skill = isolate();
    const res = await skill.fetch(new Request('https://skill.example/', { method }));
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('POST');
  });

  it('answers 404 for other paths', async () => {
    const skill = isolate();
    expect((await skill.fetch(new Request('https://skill.example/other', { method: 'POST' }))).status).toBe(404);
  });

  it('answers 413 for a body over the limit without fetching a certificate', async () => {
    const skill = isolate().serveChain();
    const big = JSON.stringify({ ...launchRequest({ timestamp: NOW }), padding: 'x'.repeat(MAX_BODY_BYTES) });
    const res = await skill.send(big);
    expect(res.status).toBe(413);
    expect(skill.log.codes()).toContain('BODY_TOO_LARGE');
    expect(outbound.requests).toEqual([]);
  });

  it('answers 413 for a streamed body over the limit that declares no length', async () => {
    const skill = isolate().serveChain();
    const chunk = new Uint8Array(16 * 1024).fill(0x20);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES * 2) controller.close();
        else {
          sent += chunk.byteLength;
          controller.enqueue(chunk);
        }
      },
    });
    const res = await skill.fetch(
      new Request('https://skill.example/', {
        method: 'POST',
        body: stream,
        headers: { 'Signature-256': 'x', SignatureCertChainUrl: CERT_URL },
      }),
    );
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(MAX_BODY_BYTES * 2);
  });
});

describe('logs', () => {
  it('never contain the access token, the signature or the body', async () => {
    const skill = isolate().serveChain();
    outbound.on(USERINFO_URL, (request) => skill.provider.answer(request) ?? Response.error());
    const linked = await skill.provider.issue({ sub: 'user-secret-sub', name: 'Ana' });
    const token = 'Atza|SECRET-TOKEN-VALUE-123';
    const envelope = intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken: token });
    const text = JSON.stringify(envelope);
    const signature = await signBody(text, pki.leaf.privateKey);
    // A token the provider refuses, the same body tampered with, a token it accepts, an unknown intent.
    expect(await (await skill.send(text)).json()).toMatchObject({ response: { card: { type: 'LinkAccount' } } });
    expect((await skill.send(text.replace('GreetIntent', 'GreetIntenT'), { headers: { 'Signature-256': signature } })).status).toBe(400);
    expect(await (await skill.send(intentRequest('GreetIntent', {}, { timestamp: NOW, accessToken: linked }))).json()).toMatchObject({
      response: { outputSpeech: { ssml: '<speak>Hello, Ana.</speak>' } },
    });
    await skill.send(intentRequest('Unknown', {}, { timestamp: NOW, accessToken: token }));
    expect(skill.provider.calls).toEqual(['userinfo', 'userinfo']);
    const logged = JSON.stringify(skill.log.lines);
    expect(skill.log.lines.length).toBeGreaterThan(2);
    for (const secret of [token, 'SECRET-TOKEN', linked, signature, text, 'amzn1.echo-api.request']) {
      expect(logged).not.toContain(secret);
    }
  });
});
