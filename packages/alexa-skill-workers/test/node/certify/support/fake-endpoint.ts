/**
 * A fake skill endpoint that verifies requests like a skill should (certificate URL, signature with
 * the test signer's key, timestamp within 150 s), and faults that each break one rule.
 */
import { serve, type Running } from './server.ts';

export interface EndpointFaults {
  readonly acceptUnsigned?: boolean;
  readonly acceptEmptySignature?: boolean;
  readonly acceptAnyCertUrl?: boolean;
  readonly skipSignatureCheck?: boolean;
  readonly skipTimestamp?: boolean;
  readonly refuseValid?: boolean;
  readonly cardType?: string;
  readonly speech?: string;
  /** Takes any access token as a linked account (never asks the provider). */
  readonly trustAnyToken?: boolean;
}

const LINKING_SPEECH = '<speak>To order a ride, link your account: I sent a card to the Alexa app.</speak>';

export function startFakeEndpoint(signer: { certUrl: string; publicKey: CryptoKey }, faults: EndpointFaults = {}): Promise<Running> {
  return serve(async (req, body, res) => {
    const bad = () => res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad_request"}');
    const signature = req.headers['signature-256'];
    const certUrl = req.headers.signaturecertchainurl;
    if (typeof signature !== 'string' || typeof certUrl !== 'string') {
      if (!faults.acceptUnsigned) return bad();
    } else if (!signature || !certUrl) {
      if (!faults.acceptEmptySignature) return bad();
    } else {
      if (certUrl !== signer.certUrl && !faults.acceptAnyCertUrl) return bad();
      const valid = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', signer.publicKey, Buffer.from(signature, 'base64'), new TextEncoder().encode(body));
      if (!valid && !faults.skipSignatureCheck) return bad();
    }
    const envelope = JSON.parse(body) as { request: { type: string; timestamp: string }; session?: { user?: { accessToken?: string } } };
    if (Math.abs(Date.now() - Date.parse(envelope.request.timestamp)) > 150_000 && !faults.skipTimestamp) return bad();
    if (faults.refuseValid) return bad();
    const linked = faults.trustAnyToken && envelope.session?.user?.accessToken !== undefined;
    const response = linked
      ? { outputSpeech: { type: 'SSML', ssml: '<speak>Your ride is on its way.</speak>' }, shouldEndSession: true }
      : envelope.request.type === 'IntentRequest'
      ? { outputSpeech: { type: 'SSML', ssml: faults.speech ?? LINKING_SPEECH }, card: { type: faults.cardType ?? 'LinkAccount' }, shouldEndSession: true }
      : { outputSpeech: { type: 'SSML', ssml: '<speak>Welcome.</speak>' }, shouldEndSession: false };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ version: '1.0', response }));
  });
}
