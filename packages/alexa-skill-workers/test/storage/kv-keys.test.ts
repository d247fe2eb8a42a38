import { describe, expect, it } from 'vitest';
import page from '../../docs/caching.md?raw';
import { cacheGet } from '../../src/lib/kv.ts';
import { attributesKey, certKey, jwksKey, purgeKey, replayKey, tokenKeys, userTokenPrefix } from '../../src/lib/kv-keys.ts';
import { captureLogs } from '../support/logs.ts';
import { probeKv } from '../support/kv.ts';

const URL_ = 'https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem';
const JWKS = 'https://tenant.example.com/.well-known/jwks.json';
const USER = 'amzn1.ask.account.AAAA';
const TOKEN = 'Atza|secret-token';
const PERSON = 'amzn1.ask.person.PPPP';
const REQUEST = 'amzn1.echo-api.request.1234';

/** Written out here, not through src/lib/hash, so the test does not share the code it checks. */
async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The `Key` column of the kit's "What is cached, and where" table (docs/caching.md), rows whose layer is KV. */
function documentedKvKeys(): string[] {
  const section = page.split('# What is cached, and where\n')[1]!.split('\n## ')[0]!;
  return [...section.matchAll(/^\| KV \| `([^`]+)` \|/gm)].map(([, key]) => key!);
}

const cases: [scheme: string, build: () => Promise<string>, inputs: string[]][] = [
  ['cert:<sha256(normalized URL)>', () => certKey(URL_), [URL_]],
  ['tok:<sha256(userId)>:<sha256(token)>', async () => (await tokenKeys(USER, TOKEN)).entry, [USER, TOKEN]],
  ['tok:<sha256(userId)>:<sha256(personId)>:<sha256(token)>', async () => (await tokenKeys(USER, TOKEN, PERSON)).entry, [USER, PERSON, TOKEN]],
  ['jwks:<sha256(JWKS URL)>', () => jwksKey(JWKS), [JWKS]],
  ['attr:<sha256(userId)>', () => attributesKey(USER), [USER]],
  ['done:<sha256(requestId)>', () => replayKey(REQUEST), [REQUEST]],
  ['rej:<sha256(token)>', async () => (await tokenKeys(USER, TOKEN)).refused, [TOKEN]],
  ['purge:<sha256(userId)>', () => purgeKey(USER), [USER]],
];

/** The scheme with each `<sha256(…)>` replaced by the hash of the next input. */
async function fill(scheme: string, inputs: string[]): Promise<string> {
  let filled = scheme;
  for (const input of inputs) filled = filled.replace(/<sha256\([^)]*\)>/, await sha256(input));
  return filled;
}

describe('the KV key scheme (docs/caching.md, "What is cached, and where")', () => {
  it('has one builder per KV row of the documented table, and no other', () => {
    expect(documentedKvKeys().sort()).toEqual([...new Set(cases.map(([scheme]) => scheme))].sort());
  });

  it.each(cases)('builds %s', async (scheme, build, inputs) => {
    const key = await build();
    expect(key).toBe(await fill(scheme, inputs));
    for (const input of inputs) expect(key).not.toContain(input);
  });

  it('builds the prefix shared by all of a user\'s token entries, tok:<sha256(userId)>:', async () => {
    expect(page).toContain('`tok:<sha256(userId)>:`');
    expect(await userTokenPrefix(USER)).toBe(`tok:${await sha256(USER)}:`);
    expect((await tokenKeys(USER, TOKEN)).entry.startsWith(await userTokenPrefix(USER))).toBe(true);
    expect((await tokenKeys(USER, TOKEN, PERSON)).entry.startsWith(await userTokenPrefix(USER))).toBe(true);
  });

  it('keeps one person\'s token apart from the account\'s and from another person\'s', async () => {
    const keys = [await tokenKeys(USER, TOKEN), await tokenKeys(USER, TOKEN, PERSON), await tokenKeys(USER, TOKEN, `${PERSON}2`)];
    expect(new Set(keys.map((k) => k.entry)).size).toBe(3);
  });

  it('remembers a refused token by sha256(token), the documented in-memory key, in KV under rej:', async () => {
    expect(page).toContain('| Isolate memory (LRU, 1000) | `sha256(token)` |');
    const keys = await tokenKeys(USER, TOKEN);
    expect(keys.tokenHash).toBe(await sha256(TOKEN));
    expect(keys.refused).toBe(`rej:${keys.tokenHash}`);
  });

  it('gives a token ref the same purge tombstone as its user, whoever the speaker', async () => {
    expect((await tokenKeys(USER, TOKEN)).purge).toBe(await purgeKey(USER));
    expect((await tokenKeys(USER, TOKEN, PERSON)).purge).toBe(await purgeKey(USER));
  });

  it('gives the KV helpers only keys built here (checked by the compiler)', async () => {
    // @ts-expect-error a string spelled outside src/lib/kv-keys.ts is not a KvKey
    expect(await cacheGet(probeKv().kv, 'raw:key', captureLogs(), 'probe')).toBeNull();
  });
});
