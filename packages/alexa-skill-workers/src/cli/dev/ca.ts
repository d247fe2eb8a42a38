/**
 * The local development CA that stands in for Amazon when the simulator signs requests. The
 * Worker trusts it only through the vars `dev` gives it (`{ca.root}`, `{ca.chain}`; by default
 * ALEXA_TRUSTED_ROOTS_PEM and ALEXA_DEV_CERT_CHAIN_PEM), which the production configuration never
 * sets. Kept in the state folder (`ca.json`, docs/cli.md "The state folder"), valid for
 * {@link DEV_CA_LIFETIME_MS} from when it was made, and made again when missing, unreadable, not
 * valid now, or within {@link DEV_CA_RENEW_BEFORE_MS} of its end.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import { createTestPki } from '../../testing/pki.ts';

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
    const value = JSON.parse(await readFile(file, 'utf8')) as Partial<Stored> | null;
    const { rootPem, chainPem, signingKeyPkcs8, notAfter } = value ?? {};
    if (typeof rootPem === 'string' && typeof chainPem === 'string' && typeof signingKeyPkcs8 === 'string' && typeof notAfter === 'string') {
      return { rootPem, chainPem, signingKeyPkcs8, notAfter };
    }
  } catch {
    // missing or unreadable: made again
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
