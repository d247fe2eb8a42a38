/**
 * The local development CA that stands in for Amazon when the simulator signs requests. The
 * Worker trusts it only through ALEXA_TRUSTED_ROOTS_PEM, which `npm run dev` sets and the
 * production configuration never does. Kept in `.dev/alexa-dev-ca.json` (gitignored) and made
 * again when missing or close to expiry.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createTestPki } from '../../packages/alexa-skill-workers/src/testing/pki.ts';

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

export async function loadOrCreateDevCa(file: string, now = new Date()): Promise<DevCa> {
  try {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Stored;
    if (new Date(stored.notAfter).getTime() - now.getTime() > 7 * DAY) return await fromStored(stored);
  } catch {
    // missing or unreadable: make a new one
  }
  const pki = await createTestPki('rsa', 'Local Alexa Dev', {
    notBefore: new Date(now.getTime() - DAY),
    notAfter: new Date(now.getTime() + 365 * DAY),
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', pki.leaf.privateKey);
  const stored: Stored = {
    rootPem: pki.rootPem,
    chainPem: pki.chainPem,
    signingKeyPkcs8: Buffer.from(pkcs8).toString('base64'),
    notAfter: pki.notAfter.toISOString(),
  };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return fromStored(stored);
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

/** A PEM on one line with `\n` escapes, as the Worker's settings accept it. */
export function oneLine(pem: string): string {
  return pem.trim().replace(/\n/g, '\\n');
}
