/** Signed Alexa requests for the benchmark and the load test, built with the simulator's tools. */
import { intentRequest, signBody, type TestPki } from 'alexa-skill-workers/testing';
import { CERT_URL, SKILL_ID } from './stack.ts';

export interface SignedRequest {
  readonly body: string;
  readonly headers: Record<string, string>;
}

/** A request Alexa would send now, signed like Alexa signs it. */
export async function signed(pki: TestPki, envelope: object, options: { forge?: boolean } = {}): Promise<SignedRequest> {
  const body = JSON.stringify(envelope);
  let signature = await signBody(body, pki.leaf.privateKey);
  if (options.forge) {
    const bytes = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
    bytes[10] = bytes[10]! ^ 0xff;
    signature = btoa(String.fromCharCode(...bytes));
  }
  return {
    body,
    headers: { 'content-type': 'application/json', SignatureCertChainUrl: CERT_URL, 'Signature-256': signature },
  };
}

/** OrderCar for `accessToken`; `apiAccessToken: null` sends none, so no progressive response can be sent (the bench's control for its cost). */
export const orderCar = (accessToken: string, more: { readonly apiAccessToken?: null } = {}) =>
  intentRequest('OrderCar', { destination: 'work' }, { timestamp: new Date(), accessToken, skillId: SKILL_ID, ...more });

export const availability = () =>
  intentRequest('RideHailerAvailabilityByCity', { city: 'Seattle' }, { timestamp: new Date(), skillId: SKILL_ID });

/** AMAZON.StopIntent, unlinked: the skill's cheapest answer ("Goodbye."), so what is left is the kit's per-request work. */
export const stop = () => intentRequest('AMAZON.StopIntent', {}, { timestamp: new Date(), skillId: SKILL_ID });
