import type { TestPki } from './pki.ts';
import { signBody } from './pki.ts';

/** A certificate URL that passes Amazon's rules; the verifier under test serves the PKI's chain for it. */
export const TEST_CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem';

/**
 * An HTTP request as Alexa sends it: `envelope` as the JSON body, signed with the test PKI's
 * signing key (`Signature-256`), naming `certUrl` (`SignatureCertChainUrl`). Verify it with a
 * verifier that trusts the PKI: `createAlexaVerifier({ skillId, trustedRootsPem: pki.rootPem,
 * devCertChainPem: pki.chainPem })`, or the same values as the Worker's bindings.
 */
export async function signedAlexaRequest(
  pki: TestPki,
  envelope: unknown,
  options: { readonly url?: string; readonly certUrl?: string } = {},
): Promise<Request> {
  const body = JSON.stringify(envelope);
  return new Request(options.url ?? 'https://skill.test/', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      SignatureCertChainUrl: options.certUrl ?? TEST_CERT_URL,
      'Signature-256': await signBody(body, pki.leaf.privateKey),
    },
    body,
  });
}
