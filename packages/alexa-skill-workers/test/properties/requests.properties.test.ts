import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { SKILL_ID, intentRequest, launchRequest, skillEvent } from '../../src/testing/envelopes.ts';
import { createTestPki, signBody, type TestPki } from '../../src/testing/pki.ts';
import { CERT_URL, KitHarness, NOW, rootsOnly } from '../support/harness.ts';
import { outbound } from '../support/outbound.ts';
import { chainVariants, type ChainVariants } from './chains.ts';

let pki: TestPki;
let chains: ChainVariants;
beforeAll(async () => {
  pki = await createTestPki({ now: NOW });
  chains = await chainVariants(pki);
});

const seconds = (s: number) => new Date(NOW.getTime() + s * 1000);
const jsonValue = fc.jsonValue({ maxDepth: 2 });

/** Any request Alexa could send: intents with slots, launch, session end, events, extra fields. */
const envelopes = fc
  .record({
    kind: fc.constantFrom('launch', 'intent', 'event'),
    intent: fc.constantFrom('PublicIntent', 'GreetIntent', 'AMAZON.HelpIntent', 'AMAZON.StopIntent', 'AMAZON.FallbackIntent', 'AMAZON.NoIntent', 'Unknown'),
    slotValue: fc.string({ maxLength: 30 }),
    event: fc.constantFrom('SkillEnabled', 'SkillPermissionAccepted', 'SkillPermissionChanged'),
    offset: fc.integer({ min: -150, max: 150 }),
    extra: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => !['request', 'context', 'session', 'version'].includes(k)), jsonValue, { maxKeys: 3 }),
  })
  .map((g) => {
    const options = { timestamp: seconds(g.offset) };
    const envelope =
      g.kind === 'launch' ? launchRequest(options)
      : g.kind === 'event' ? skillEvent(`AlexaSkillEvent.${g.event}`, options)
      : intentRequest(g.intent, { word: g.slotValue }, options);
    return { ...g.extra, ...envelope };
  });

type Mutation =
  | { kind: 'flip-body'; at: number; mask: number }
  | { kind: 'append-body'; text: string }
  | { kind: 'flip-signature'; at: number; mask: number }
  | { kind: 'junk-signature'; text: string }
  | { kind: 'cert-url'; url: string }
  | { kind: 'cert-url-suffix'; suffix: string }
  | { kind: 'chain'; at: number; mask: number }
  | { kind: 'faulty-chain'; index: number }
  | { kind: 'timestamp'; offset: number }
  | { kind: 'skill-id'; id: string };

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip-body' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('append-body' as const), text: fc.string({ minLength: 1, maxLength: 5 }) }),
  fc.record({ kind: fc.constant('flip-signature' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('junk-signature' as const), text: fc.base64String({ minLength: 4, maxLength: 400 }) }),
  fc.record({
    kind: fc.constant('cert-url' as const),
    url: fc.oneof(
      fc.constantFrom('http://s3.amazonaws.com/echo.api/c.pem', 'https://s3.amazonaws.com:8443/echo.api/c.pem', 'https://s3.amazonaws.com/ECHO.API/c.pem', 'https://s3.amazonaws.com.evil.example/echo.api/c.pem'),
      fc.webUrl().filter((u) => !u.toLowerCase().includes('s3.amazonaws.com')),
    ),
  }),
  fc.record({
    kind: fc.constant('cert-url-suffix' as const),
    suffix: fc.oneof(
      fc.constantFrom('?', '#', '?#'),
      fc.tuple(fc.constantFrom('?', '#'), fc.string({ maxLength: 12 })).map(([mark, text]) => mark + text),
    ),
  }),
  fc.record({ kind: fc.constant('faulty-chain' as const), index: fc.nat() }),
  fc.record({ kind: fc.constant('chain' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('timestamp' as const), offset: fc.oneof(fc.integer({ min: 151, max: 100_000 }), fc.integer({ min: -100_000, max: -3601 })) }),
  fc.record({ kind: fc.constant('skill-id' as const), id: fc.uuid().map((u) => `amzn1.ask.skill.${u}`).filter((id) => id !== SKILL_ID) }),
);

const flip = (bytes: Uint8Array<ArrayBuffer>, at: number, mask: number) => {
  const out = bytes.slice();
  const i = at % out.length;
  out[i] = out[i]! ^ mask;
  return out;
};
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const unb64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

let run = 0;

describe('request verification (properties, through the whole endpoint of the test skill)', () => {
  it('accepts every validly signed request, whichever acceptable chain is served', async () => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) });
    const urls = chains.accepted.map(({ pem }, i) => {
      const url = `https://s3.amazonaws.com/echo.api/accepted-${i}.pem`;
      outbound.serveCertificate(url, pem);
      return url;
    });
    await fc.assert(
      fc.asyncProperty(envelopes, fc.nat(), async (envelope, index) => {
        const response = await skill.send(envelope, { headers: { SignatureCertChainUrl: urls[index % urls.length]! } });
        expect(response.status, `${chains.accepted[index % urls.length]!.name}: ${await response.clone().text()}`).toBe(200);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses any mutation of body, signature, certificate URL, chain, timestamp or skill ID, always with a 400', async () => {
    // 'faulty-chain' serves a chain that breaks one RFC 5280 rule and expects that rule's code.
    await fc.assert(
      fc.asyncProperty(envelopes, mutations, async (envelope, mutation) => {
        // A fresh isolate and certificate URL each run, so a cached chain cannot mask a mutation.
        const url = `https://s3.amazonaws.com/echo.api/property-${run++}.pem`;
        const skill = new KitHarness(pki, { trust: rootsOnly(pki) });
        outbound.serveCertificate(url, pki.chainPem);
        let body = Uint8Array.from(new TextEncoder().encode(JSON.stringify(envelope)));
        let signature = await signBody(body, pki.leaf.privateKey);
        const headers: Record<string, string> = { SignatureCertChainUrl: url };
        switch (mutation.kind) {
          case 'flip-body':
            body = flip(body, mutation.at, mutation.mask);
            break;
          case 'append-body':
            body = Uint8Array.from([...body, ...new TextEncoder().encode(mutation.text)]);
            break;
          case 'flip-signature':
            signature = b64(flip(unb64(signature), mutation.at, mutation.mask));
            break;
          case 'junk-signature':
            signature = mutation.text;
            break;
          case 'cert-url':
            headers.SignatureCertChainUrl = mutation.url;
            break;
          case 'cert-url-suffix':
            // The signed chain is served at the URL; only the query or fragment differs.
            headers.SignatureCertChainUrl = url + mutation.suffix;
            break;
          case 'chain': {
            const der = unb64(pki.leafPem.replace(/-----[^-]+-----|\s/g, ''));
            const mutated = `-----BEGIN CERTIFICATE-----\n${b64(flip(der, mutation.at, mutation.mask))}\n-----END CERTIFICATE-----\n`;
            outbound.serveCertificate(url, mutated + pki.intermediatePem);
            break;
          }
          case 'faulty-chain':
            outbound.serveCertificate(url, chains.refused[mutation.index % chains.refused.length]!.pem);
            break;
          case 'timestamp':
          case 'skill-id': {
            const changed = structuredClone(envelope) as { request: { timestamp: string }; context: { System: { application: { applicationId: string } } } };
            if (mutation.kind === 'timestamp') changed.request.timestamp = seconds(mutation.offset).toISOString();
            else changed.context.System.application.applicationId = mutation.id;
            body = Uint8Array.from(new TextEncoder().encode(JSON.stringify(changed)));
            signature = await signBody(body, pki.leaf.privateKey);
            break;
          }
        }
        const response = await skill.fetch(
          new Request('https://skill.example/', { method: 'POST', headers: { ...headers, 'Signature-256': signature }, body }),
        );
        expect(response.status, `${mutation.kind}: ${await response.clone().text()}`).toBe(400);
        if (mutation.kind === 'cert-url-suffix') expect(outbound.requests.filter((r) => /[?#]/.test(r))).toEqual([]);
        if (mutation.kind === 'faulty-chain') {
          expect(skill.log.codes()).toEqual([chains.refused[mutation.index % chains.refused.length]!.code]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('answers 400 BODY_INCOMPLETE, never 5xx, to a signed body that is cut short or whose stream fails', async () => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) }).serveChain();
    await fc.assert(
      fc.asyncProperty(
        envelopes,
        fc.constantFrom('short', 'error'),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        async (envelope, end, cutAt, chunks) => {
          const signed = Uint8Array.from(new TextEncoder().encode(JSON.stringify(envelope)));
          const sent = signed.subarray(0, Math.floor(cutAt * signed.byteLength));
          const size = Math.ceil(sent.byteLength / chunks) || 1;
          let offset = 0;
          const body = new ReadableStream<Uint8Array>({
            pull(controller) {
              if (offset < sent.byteLength) controller.enqueue(sent.slice(offset, (offset += size)));
              else if (end === 'short') controller.close();
              else controller.error(new Error('connection reset (injected)'));
            },
          });
          const headers = {
            SignatureCertChainUrl: CERT_URL,
            'Signature-256': await signBody(signed, pki.leaf.privateKey),
            'content-length': String(signed.byteLength),
          };
          skill.log.lines.length = 0;
          const response = await skill.fetch(new Request('https://skill.example/', { method: 'POST', headers, body }));
          expect(response.status).toBe(400);
          expect(skill.log.codes()).toEqual(['BODY_INCOMPLETE']);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('never answers 5xx to arbitrary bytes and headers', async () => {
    const skill = new KitHarness(pki, { trust: rootsOnly(pki) }).serveChain();
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 512 }),
        fc.option(fc.string({ maxLength: 100 })),
        fc.option(fc.constantFrom(CERT_URL, 'https://s3.amazonaws.com/echo.api/../x', 'garbage')),
        async (body, signature, url) => {
          const headers: Record<string, string> = {};
          if (signature !== null) headers['Signature-256'] = signature.replace(/[^\x20-\x7e]/g, '');
          if (url !== null) headers.SignatureCertChainUrl = url;
          const response = await skill.fetch(new Request('https://skill.example/', { method: 'POST', headers, body }));
          expect([400, 413]).toContain(response.status);
        },
      ),
      { numRuns: 200 },
    );
  });
});
