import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEV_CA_LIFETIME_MS, DEV_CA_RENEW_BEFORE_MS, loadOrCreateDevCa, type DevCa } from 'alexa-skill-workers/cli';
import { createTestPki, launchRequest, signBody, SKILL_ID } from 'alexa-skill-workers/testing';
import { kitVerifier, quietLog } from './support/kit-verifier.ts';

/**
 * The local development CA in the state folder (`ca.json`) outlives the `dev` that made it: it is reused for
 * as long as its certificates are valid with a week to spare, and made again otherwise, judged by
 * the certificates themselves, never by the date written beside them.
 */
const DAY = 86_400_000;
const MADE = new Date('2026-12-06T10:00:00Z');
const at = (days: number) => new Date(MADE.getTime() + days * DAY);

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dev-ca-'));
  file = join(dir, '.alexa-skill-workers', 'ca.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** What the skill in `npm run dev` does with a request the simulator signs with `ca` at `now`. */
async function verifies(ca: DevCa, now: Date): Promise<string> {
  const body = JSON.stringify(launchRequest({ timestamp: now }));
  const request = new Request('https://skill.test/', {
    method: 'POST',
    headers: { SignatureCertChainUrl: 'https://s3.amazonaws.com/echo.api/echo-api-cert-local-dev.pem', 'Signature-256': await signBody(body, ca.signingKey) },
    body,
  });
  const verifier = kitVerifier(SKILL_ID, ca.rootPem, ca.chainPem);
  try {
    return (await verifier.verify(request, { now, log: quietLog })).request.type;
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

describe('the local development CA', () => {
  it('is made valid for a year from now, and its requests verify', async () => {
    const ca = await loadOrCreateDevCa(file, MADE);
    expect(ca.notAfter).toEqual(new Date(MADE.getTime() + DEV_CA_LIFETIME_MS));
    expect(await verifies(ca, MADE)).toBe('LaunchRequest');
  });

  it.each([1, 30, 200, 350])('made %i days ago, is the same CA and still verifies', async (days) => {
    const made = await loadOrCreateDevCa(file, MADE);
    const later = await loadOrCreateDevCa(file, at(days));
    expect(later.rootPem).toBe(made.rootPem);
    expect(await verifies(later, at(days))).toBe('LaunchRequest');
  });

  it.each([
    ['within a week of its end', 365 - DEV_CA_RENEW_BEFORE_MS / DAY + 0.5],
    ['expired', 400],
    ['expired years ago', 3 * 365],
  ])('%s, is made again, valid for a year from then', async (_, days) => {
    const made = await loadOrCreateDevCa(file, MADE);
    const later = await loadOrCreateDevCa(file, at(days));
    expect(later.rootPem).not.toBe(made.rootPem);
    expect(later.notAfter).toEqual(new Date(at(days).getTime() + DEV_CA_LIFETIME_MS));
    expect(await verifies(later, at(days))).toBe('LaunchRequest');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ rootPem: later.rootPem });
  });

  it('whose file says it lasts but whose certificates have expired, is made again', async () => {
    const stale = await createTestPki({ label: 'Local Alexa Dev', now: at(-400) });
    const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', stale.leaf.privateKey)).toString('base64');
    await loadOrCreateDevCa(file, MADE);
    writeFileSync(file, JSON.stringify({ rootPem: stale.rootPem, chainPem: stale.chainPem, signingKeyPkcs8: pkcs8, notAfter: at(300).toISOString() }));
    const ca = await loadOrCreateDevCa(file, MADE);
    expect(ca.rootPem).not.toBe(stale.rootPem);
    expect(await verifies(ca, MADE)).toBe('LaunchRequest');
  });

  it('made on a clock that was ahead (not valid yet), is made again', async () => {
    const early = await loadOrCreateDevCa(file, at(30));
    const ca = await loadOrCreateDevCa(file, MADE);
    expect(ca.rootPem).not.toBe(early.rootPem);
    expect(await verifies(ca, MADE)).toBe('LaunchRequest');
  });

  it.each([['not JSON', '{'], ['null', 'null'], ['missing fields', '{"rootPem":"x"}'], ['no certificates', '{"rootPem":"x","chainPem":"y","signingKeyPkcs8":"","notAfter":"2099-01-01T00:00:00Z"}']])(
    'in a file that is %s, is made again',
    async (_, text) => {
      await loadOrCreateDevCa(file, MADE);
      writeFileSync(file, text);
      expect(await verifies(await loadOrCreateDevCa(file, MADE), MADE)).toBe('LaunchRequest');
    },
  );
});
