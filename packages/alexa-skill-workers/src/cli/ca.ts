/**
 * The local development CA that stands in for Amazon when the simulator signs requests: the one
 * module of the command line that makes or reads it. The Worker trusts it only through the vars
 * `dev` gives it (`{ca.root}`, `{ca.chain}`; by default ALEXA_TRUSTED_ROOTS_PEM and
 * ALEXA_DEV_CERT_CHAIN_PEM), which the production configuration never sets. Kept in the state
 * folder (`<state>/ca.json`, {@link statePaths}; docs/cli.md "The state folder"), valid for
 * {@link DEV_CA_LIFETIME_MS} from when it was made, and made again by `dev` when missing,
 * unreadable, not valid now, or within {@link DEV_CA_RENEW_BEFORE_MS} of its end. The commands
 * that only sign (`simulate`, `link`, `certify`) read it with {@link loadSigningCa} and never make
 * one: a CA the running Worker does not trust would only turn every request into a 400.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { createTestPki } from '../testing/pki.ts';
import { CliError } from './errors.ts';
import { statePaths } from './state.ts';

export interface DevCa {
  readonly rootPem: string;
  readonly chainPem: string;
  readonly signingKey: CryptoKey;
  readonly notAfter: Date;
}

interface Stored {
  rootPem: string;
  chainPem: string;
  signingKeyPkcs8: string;
  notAfter: string;
}

const DAY = 86_400_000;
/** How long a new development CA is valid: a year from when it is made (and from a day before). */
export const DEV_CA_LIFETIME_MS = 365 * DAY;
/** A stored CA this close to its end is made again, so no session started with it outlives it. */
export const DEV_CA_RENEW_BEFORE_MS = 7 * DAY;

/**
 * The development CA in `file`, or a new one written there. A stored CA is judged by its
 * certificates' own dates, not by the date written beside them: every one of them (root,
 * intermediate, signing certificate) must be valid at `now` with more than
 * {@link DEV_CA_RENEW_BEFORE_MS} left, as the Worker checks each of them on every request.
 */
export async function loadOrCreateDevCa(file: string, now = new Date()): Promise<DevCa> {
  const stored = await readStored(file);
  if (stored && validUntil(stored, now) - now.getTime() > DEV_CA_RENEW_BEFORE_MS) return fromStored(stored);
  const pki = await createTestPki({ label: 'Local Alexa Dev', now, notAfter: new Date(now.getTime() + DEV_CA_LIFETIME_MS) });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', pki.leaf.privateKey);
  const fresh: Stored = {
    rootPem: pki.rootPem,
    chainPem: pki.chainPem,
    signingKeyPkcs8: Buffer.from(pkcs8).toString('base64'),
    notAfter: pki.notAfter.toISOString(),
  };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(fresh, null, 2), { mode: 0o600 });
  return fromStored(fresh);
}

async function readStored(file: string): Promise<Stored | undefined> {
  try {
    return parseStored(await readFile(file, 'utf8'));
  } catch {
    return undefined; // missing or unreadable: made again
  }
}

/** The stored CA in `text`, or undefined when it is not JSON or lacks one of its fields. */
function parseStored(text: string): Stored | undefined {
  try {
    const value = JSON.parse(text) as Partial<Stored> | null;
    const { rootPem, chainPem, signingKeyPkcs8, notAfter } = value ?? {};
    if (typeof rootPem === 'string' && typeof chainPem === 'string' && typeof signingKeyPkcs8 === 'string' && typeof notAfter === 'string') {
      return { rootPem, chainPem, signingKeyPkcs8, notAfter };
    }
  } catch {
    // not JSON
  }
  return undefined;
}

/**
 * When the first of the stored certificates ends (epoch ms), or 0 when one of them is not valid
 * at `now` or does not parse. Read with the ASN.1 library the test PKI writes with (the kit has no
 * public certificate parser).
 */
function validUntil(stored: Stored, now: Date): number {
  try {
    const pems = `${stored.rootPem}\n${stored.chainPem}`.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];
    if (pems.length < 3) return 0;
    let until = Infinity;
    for (const pem of pems) {
      const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
      const { notBefore, notAfter } = AsnConvert.parse(der, Certificate).tbsCertificate.validity;
      if (notBefore.getTime().getTime() > now.getTime()) return 0;
      until = Math.min(until, notAfter.getTime().getTime());
    }
    return until;
  } catch {
    return 0;
  }
}

async function fromStored(stored: Stored): Promise<DevCa> {
  const signingKey = await crypto.subtle.importKey(
    'pkcs8',
    Buffer.from(stored.signingKeyPkcs8, 'base64'),
    { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return { rootPem: stored.rootPem, chainPem: stored.chainPem, signingKey, notAfter: new Date(stored.notAfter) };
}

/** What a signed request needs: the key of the signing certificate and the URL the request names for its chain. */
export interface SigningCa {
  readonly signingKey: CryptoKey;
  /** `SignatureCertChainUrl`: it must pass the Worker's rules for Amazon's URLs; the Worker serves the chain from its vars. */
  readonly certUrl: string;
}

/** The certificate URL the simulator names (the Worker serves the local chain for it, in development only). */
const LOCAL_CERT_URL = 'https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem';

/**
 * The signing key of the local CA that `dev` keeps in the state folder `state` (`<state>/ca.json`,
 * the file {@link loadOrCreateDevCa} writes); read only, never made here.
 * @throws {CliError} when there is no CA yet (start `dev` once) or the file is not one.
 */
export async function loadSigningCa(state: string): Promise<SigningCa> {
  const file = statePaths(state).ca;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`there is no local CA at ${file} yet: start the skill with \`dev\` (npm run dev) once, which makes it`);
    throw new CliError(`${file} is not a local CA: delete it and start \`dev\` again`);
  }
  const stored = parseStored(text);
  if (stored === undefined) throw new CliError(`${file} is not a local CA: delete it and start \`dev\` again`);
  return { signingKey: (await fromStored(stored)).signingKey, certUrl: LOCAL_CERT_URL };
}
