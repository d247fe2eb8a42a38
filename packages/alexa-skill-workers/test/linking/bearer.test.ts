import { describe, expect, it } from 'vitest';
import { LinkingError } from '../../src/linking/errors.ts';
import { callWithToken } from '../../src/linking/provider-http.ts';

// RFC 6750 §2.1: `Authorization: Bearer <token>`, the token one run of visible characters. A call
// with nothing (or whitespace, or a line break) after "Bearer" is refused before any request.
const SERVICE = 'https://service.test/act';

function recordingFetch() {
  const sent: string[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    sent.push(new Headers(init?.headers).get('authorization') ?? '(none)');
    return Promise.resolve(Response.json({ id: 'act-1' }));
  };
  return { sent, call: { fetch, timeoutMs: 60_000 } };
}

describe('callWithToken sends only a bearer token it can send', () => {
  it.each([
    ['empty', ''],
    ['a space', ' '],
    ['a tab and a newline', '\t\n'],
    ['two words', 'Atza|one two'],
    ['a header injection', 'Atza|x\r\nX-Evil: 1'],
    ['a non-ASCII character', 'Atza|caf\u00e9'],
  ])('refuses a token that is %s with TOKEN_INVALID, and sends nothing', async (_, token) => {
    const { sent, call } = recordingFetch();
    const error: unknown = await callWithToken(call, SERVICE, token, { method: 'POST', json: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinkingError);
    expect(error).toMatchObject({ code: 'TOKEN_INVALID' });
    expect((error as Error).message).not.toContain('Atza');
    expect(sent).toEqual([]);
  });

  it('sends a token of visible ASCII (Login with Amazon\'s "Atza|…" included) as it is', async () => {
    const { sent, call } = recordingFetch();
    await callWithToken(call, SERVICE, 'Atza|IwEB.a-b_c~d+e/f=', { method: 'POST', json: {} });
    expect(sent).toEqual(['Bearer Atza|IwEB.a-b_c~d+e/f=']);
  });
});
