/**
 * The in-isolate scenarios (bench/isolate.ts runs them): what each loop sends the bundle, and what
 * its right answer contains. One definition for `npm run bench` and the optimiser's quick runs
 * (bench/quick.ts), so both measure the same requests.
 */
import type { TestPki } from 'alexa-skill-workers/testing';
import type { LoopRequest, LoopSpec } from './isolate.ts';
import { PROFILE, type FakeProvider } from './provider.ts';
import { availability, orderCar, signed, stop, type SignedRequest } from './requests.ts';
import type { TokenMode } from './stack.ts';

/** A batch for `/__bench/load`: the requests, and what the in-isolate mock answers for the provider. */
export interface LoopBatch {
  readonly requests: LoopRequest[];
  readonly mock: { readonly jwks: unknown; readonly profile: unknown };
}

/** A scenario: a batch of `n` requests, and whether each repeat runs on a fresh Runtime (a new isolate). */
export interface Loop {
  readonly batch: (n: number) => Promise<LoopBatch>;
  readonly fresh?: boolean;
}

export type LoopName =
  | 'warm linked OrderCar'
  | 'warm unlinked public intent'
  | 'warm AMAZON.StopIntent'
  | 'new token'
  | 'new isolate'
  | 'new token, no apiAccessToken'
  | 'warm linked OrderCar, no apiAccessToken';

/** How many requests each loop runs per repeat in `npm run bench`. */
export const LOOP_SIZES: Readonly<Record<LoopName, number>> = {
  'warm linked OrderCar': 3000,
  'warm unlinked public intent': 3000,
  'warm AMAZON.StopIntent': 3000,
  'new token': 400,
  'new isolate': 300,
  'new token, no apiAccessToken': 400,
  'warm linked OrderCar, no apiAccessToken': 3000,
};

/** The loops `names` as bench/isolate.ts measures them: each repeat a fresh batch of `size(name)` requests. */
export function loopSpecs<N extends LoopName>(
  scenarios: Readonly<Record<LoopName, Loop>>,
  names: readonly N[],
  size: (name: N) => number = (name) => LOOP_SIZES[name],
): Record<N, LoopSpec> {
  return Object.fromEntries(names.map((name) => [name, { batch: () => scenarios[name].batch(size(name)), fresh: scenarios[name].fresh }])) as Record<N, LoopSpec>;
}

/** An in-isolate request as Alexa sends it over HTTP: with its Content-Length. */
function withLength(request: SignedRequest, expected: string): LoopRequest {
  const headers = { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) };
  return { body: request.body, headers, url: 'https://skill.bench/', expected };
}

/**
 * The loops against the bundle, for one PKI and provider: one linked token for the warm and
 * new-isolate loops (validated by the first request of a repeat, cached after), a new token per
 * request for `new token`.
 */
export async function loops(pki: TestPki, provider: FakeProvider, mode: TokenMode): Promise<Record<LoopName, Loop>> {
  const newToken = () => (mode === 'jwt' ? provider.issueJwt() : Promise.resolve(provider.issue()));
  const linkedToken = await newToken();
  const jwks: unknown = await (await fetch(`${provider.origin}/.well-known/jwks.json`)).json();
  const batch = async (n: number, make: () => Promise<SignedRequest>, expected: string): Promise<LoopBatch> => ({
    requests: await Promise.all(Array.from({ length: n }, async () => withLength(await make(), expected))),
    mock: { jwks, profile: PROFILE },
  });
  const same = (make: () => Promise<SignedRequest>, expected: string) => async (n: number) => {
    const one = await make();
    return batch(n, () => Promise.resolve(one), expected);
  };
  const warmLinked = same(() => signed(pki, orderCar(linkedToken)), 'Contoso Tower');
  return {
    'warm linked OrderCar': { batch: warmLinked },
    'warm unlinked public intent': { batch: same(() => signed(pki, availability()), 'services in Seattle') },
    // The skill's cheapest verified answer: everything a verified request costs, with the skill's least work.
    'warm AMAZON.StopIntent': { batch: same(() => signed(pki, stop()), 'Goodbye.') },
    'new token': { batch: (n) => batch(n, async () => signed(pki, orderCar(await newToken())), 'Contoso Tower') },
    'new isolate': { batch: warmLinked, fresh: true },
    // The progressive response's cost (#22): 'new token' sends one ("one moment"), these two send none.
    'new token, no apiAccessToken': { batch: (n) => batch(n, async () => signed(pki, orderCar(await newToken(), { apiAccessToken: null })), 'Contoso Tower') },
    'warm linked OrderCar, no apiAccessToken': { batch: same(() => signed(pki, orderCar(linkedToken, { apiAccessToken: null })), 'Contoso Tower') },
  };
}
