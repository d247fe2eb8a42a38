/**
 * Endpoint security, as certification tests a skill hosted as a web service: requests that Alexa
 * did not sign must get HTTP 400. Amazon's rules:
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/host-a-custom-skill-as-a-web-service.html#verify-request-sent-by-alexa
 * The certification checklist sends them ("Security requirements"):
 * https://developer.amazon.com/en-US/docs/alexa/custom-skills/certification-requirements-for-custom-skills.html
 * and reports, for example, "accepting requests with an empty signature URL", "with an incorrect
 * certificate URL", "Request signed with incorrect certificate", "Request signed with invalid
 * signature" (quoted in https://github.com/AreYouFreeBusy/AlexaSkillsKit.NET/issues/33 and /issues/75).
 */
import { launchRequest } from '../../testing/envelopes.ts';
import { createTestPki, signBody } from '../../testing/pki.ts';
import { describeFailure, timedFetch, type Net } from '../net.ts';
import { fail, pass, skip, SKIP, type CheckResult } from './report.ts';
import { transportChecks } from './transport.ts';

const ENDPOINT = 'Endpoint security';

/** The local development CA the skill trusts in `npm run dev`: requests signed with it are valid. */
export interface Signer {
  readonly certUrl: string;
  readonly key: CryptoKey;
}

export interface EndpointTarget {
  readonly url: string;
  readonly skillId: string;
  /** Present against the local stack only; nobody but Alexa can sign for a deployed endpoint. */
  readonly signer?: Signer;
  /** A certificate URL of Amazon's: a deployed skill downloads Amazon's chain from it. */
  readonly amazonCertUrl: string;
  readonly now: Date;
  readonly net: Net;
}

/** Certificate URLs Amazon's page lists as not valid: scheme, host, path case, path, port. */
const BAD_CERT_URLS = [
  'http://s3.amazonaws.com/echo.api/echo-api-cert.pem',
  'https://notamazon.com/echo.api/echo-api-cert.pem',
  'https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem',
  'https://s3.amazonaws.com/invalid.path/echo-api-cert.pem',
  'https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem',
];

/**
 * What `endpoint.wrong-key` cannot prove. Amazon's "Request signed with incorrect certificate"
 * means a chain that is not Amazon's; but the skill only downloads chains from Amazon's host (a
 * forger's own host is `endpoint.bad-cert-url`), and locally it serves the dev chain for every URL,
 * so a second chain cannot be staged from outside. That case is covered by the workerd tests.
 */
const WRONG_KEY_NOTE = "the certificate's key is checked; a chain that is not Amazon's cannot be staged from outside (workerd tests cover it)";

const STALE_SECONDS = 300;
const DEADLINE_MS = 10_000;

type Outcome = { status: number } | { problem: string; unreachable: boolean };

export async function checkEndpoint(t: EndpointTarget): Promise<CheckResult[]> {
  const results = await transportChecks(ENDPOINT, 'endpoint', t.url, { net: t.net, refuseLetsEncrypt: false });
  const body = (timestamp = t.now) => JSON.stringify(launchRequest({ timestamp, skillId: t.skillId }));
  const certUrl = t.signer?.certUrl ?? t.amazonCertUrl;
  const forger = (await createTestPki({ label: 'Certify Forger', now: t.now })).leaf.privateKey;
  const rightKey = t.signer?.key ?? forger;

  const send = async (payload: string, headers: Record<string, string>): Promise<Outcome> => {
    const answer = await timedFetch(t.net, t.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload }, DEADLINE_MS);
    if (answer.kind === 'answered') return { status: answer.response.status };
    return { problem: describeFailure(answer, DEADLINE_MS), unreachable: answer.kind === 'unreachable' };
  };
  const signed = async (payload: string, key: CryptoKey, url: string) => ({ 'Signature-256': await signBody(payload, key), SignatureCertChainUrl: url });

  const probe = await send(body(), {});
  if ('problem' in probe && probe.unreachable) {
    const offline = !t.signer && !(await t.net.online());
    const reason = offline ? SKIP.offline : `cannot reach ${t.url} (${probe.problem})${t.signer ? '; is npm run dev running?' : ''}`;
    return [...results, ...CASES.map(([id, title]) =>
      !t.signer && id === 'endpoint.valid-signature' ? skip(ENDPOINT, id, title, SKIP.needsAlexaKey) : offline ? skip(ENDPOINT, id, title, reason) : fail(ENDPOINT, id, title, reason))];
  }

  const refused = async (id: string, title: string, requests: (() => Promise<Outcome>)[], note?: string) => {
    for (const request of requests) {
      const outcome = await request();
      if ('problem' in outcome) return fail(ENDPOINT, id, title, outcome.problem);
      if (outcome.status !== 400) return fail(ENDPOINT, id, title, `answered ${outcome.status}; must be 400`);
    }
    return pass(ENDPOINT, id, title, note);
  };
  const unsignedNote = t.signer ? undefined : "signed by a key that is not Alexa's, so the 400 may come from the signature check";

  results.push(await refused('endpoint.no-signature', TITLES.noSignature, [() => Promise.resolve(probe)]));
  results.push(await refused('endpoint.empty-signature', TITLES.emptySignature, [
    () => send(body(), { 'Signature-256': '', SignatureCertChainUrl: certUrl }),
    () => send(body(), { 'Signature-256': '', SignatureCertChainUrl: '' }),
  ]));
  results.push(await refused('endpoint.bad-cert-url', TITLES.badCertUrl, BAD_CERT_URLS.map((url) => async () => {
    const payload = body();
    return send(payload, await signed(payload, rightKey, url));
  })));
  results.push(await refused('endpoint.wrong-key', TITLES.wrongKey, [async () => {
    const payload = body();
    return send(payload, await signed(payload, forger, certUrl));
  }], WRONG_KEY_NOTE));
  results.push(await refused('endpoint.invalid-signature', TITLES.invalidSignature, [async () => {
    const payload = body();
    const headers = await signed(payload, rightKey, certUrl);
    return send(payload.replace('amzn1.echo-api.request.', 'amzn1.echo-api.request.X'), headers);
  }], unsignedNote));
  results.push(await refused('endpoint.stale-timestamp', TITLES.staleTimestamp, [async () => {
    const payload = body(new Date(t.now.getTime() - STALE_SECONDS * 1000));
    return send(payload, await signed(payload, rightKey, certUrl));
  }], unsignedNote));

  if (!t.signer) {
    results.push(skip(ENDPOINT, 'endpoint.valid-signature', TITLES.validSignature, SKIP.needsAlexaKey));
  } else {
    const payload = body();
    const outcome = await send(payload, await signed(payload, t.signer.key, t.signer.certUrl));
    results.push(
      'status' in outcome && outcome.status === 200
        ? pass(ENDPOINT, 'endpoint.valid-signature', TITLES.validSignature)
        : fail(ENDPOINT, 'endpoint.valid-signature', TITLES.validSignature, 'status' in outcome ? `answered ${outcome.status}; must be 200` : outcome.problem),
    );
  }
  return results;
}

const TITLES = {
  noSignature: 'no signature headers: 400',
  emptySignature: 'empty signature: 400',
  badCertUrl: "certificate URLs Amazon lists as invalid (scheme, host, path, port): 400",
  wrongKey: "an intact body signed by a key that is not the named certificate's (a forger's), under the skill's own certificate URL: 400",
  invalidSignature: 'a signature that does not match the body: 400',
  staleTimestamp: `a timestamp ${STALE_SECONDS} s old: 400`,
  validSignature: 'a validly signed LaunchRequest: 200',
};

const CASES: [string, string][] = [
  ['endpoint.no-signature', TITLES.noSignature],
  ['endpoint.empty-signature', TITLES.emptySignature],
  ['endpoint.bad-cert-url', TITLES.badCertUrl],
  ['endpoint.wrong-key', TITLES.wrongKey],
  ['endpoint.invalid-signature', TITLES.invalidSignature],
  ['endpoint.stale-timestamp', TITLES.staleTimestamp],
  ['endpoint.valid-signature', TITLES.validSignature],
];
