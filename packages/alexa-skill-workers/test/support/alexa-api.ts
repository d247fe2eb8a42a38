import type { RequestEnvelope } from 'ask-sdk-model';
import { FakeAlexaApi, intentRequest, USER_ID, type EnvelopeOptions } from '../../src/testing.ts';
import { NOW } from './harness.ts';
import { outbound } from './outbound.ts';

/** Amazon's three Alexa API origins. */
const AMAZON_API_ORIGINS = ['https://api.amazonalexa.com', 'https://api.eu.amazonalexa.com', 'https://api.fe.amazonalexa.com'] as const;

/** Serves `alexa` (a new {@link FakeAlexaApi} by default) on Amazon's three API hosts through the outbound interceptor. */
export function installAlexaApi(alexa: FakeAlexaApi = new FakeAlexaApi()): FakeAlexaApi {
  for (const origin of AMAZON_API_ORIGINS) outbound.onPrefix(`${origin}/`, (request) => alexa.handle(request));
  return alexa;
}

/** An `IntentRequest` envelope (default `AskIntent`, at the tests' clock) for a direct call of the client. */
export function envelope(options: Partial<EnvelopeOptions> = {}, intent = 'AskIntent'): RequestEnvelope {
  return intentRequest(intent, {}, { timestamp: NOW, userId: USER_ID, ...options }) as unknown as RequestEnvelope;
}
