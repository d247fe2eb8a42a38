/**
 * The local development CA the simulator signs with: the one `dev` persists and the skill's Worker
 * trusts through its configured vars (design: docs/cli.md, "The state folder"). Read here only;
 * never made here (a CA the Worker does not trust would only turn every request into a 400).
 *
 * THE ONE PLACE the command line reads the CA. Until `dev` moves into the kit (branch h20-dev),
 * it is the file Ride Hailer's `npm run dev` writes (tools/alexa/dev-ca.ts, in its state folder
 * `.dev/`: `alexa-dev-ca.json`, or `ALEXA_DEV_CA_FILE`). After that merge, {@link loadSigningCa}
 * becomes a call to the kit's CA module for the same state folder, and nothing else changes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError } from './errors.ts';

/** What a signed request needs: the key of the signing certificate and the URL the request names for its chain. */
export interface SigningCa {
  readonly signingKey: CryptoKey;
  /** `SignatureCertChainUrl`: it must pass the Worker's rules for Amazon's URLs; the Worker serves the chain from its vars. */
  readonly certUrl: string;
}

/** The certificate URL the simulator names (the Worker serves the local chain for it, in development only). */
const LOCAL_CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem';

/** Where the CA is kept in the state folder `state` (see the module's note: the one line to change after h20-dev). */
export function caFile(state: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.ALEXA_DEV_CA_FILE ?? join(state, 'alexa-dev-ca.json');
}

/**
 * The signing key of the local CA kept in the state folder `state`.
 * @throws {CliError} when there is no CA yet (start `dev` once) or the file is not one.
 */
export async function loadSigningCa(state: string, env: NodeJS.ProcessEnv = process.env): Promise<SigningCa> {
  const file = caFile(state, env);
  let stored: { signingKeyPkcs8?: unknown };
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as typeof stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`there is no local CA at ${file} yet: start the skill with \`dev\` (npm run dev) once, which makes it`);
    throw new CliError(`${file} is not a local CA: delete it and start \`dev\` again`);
  }
  if (typeof stored.signingKeyPkcs8 !== 'string') throw new CliError(`${file} is not a local CA: delete it and start \`dev\` again`);
  const signingKey = await crypto.subtle.importKey('pkcs8', Buffer.from(stored.signingKeyPkcs8, 'base64'), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
  return { signingKey, certUrl: LOCAL_CERT_URL };
}
