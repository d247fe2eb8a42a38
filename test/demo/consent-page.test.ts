import { describe, expect, it } from 'vitest';
import { ORIGIN, alexaClient, send } from './app-to-app/support.ts';

const ALEXA_REDIRECT = 'https://pitangui.amazon.com/api/skill/link/M1EXAMPLEVENDOR';

describe('demo service: the consent page describes each scope by own-property lookup', () => {
  it('lists a scope named constructor as itself, not as Object.prototype.constructor', async () => {
    const query = new URLSearchParams({
      response_type: 'code', client_id: (await alexaClient()).clientId, redirect_uri: ALEXA_REDIRECT, state: 's', scope: 'profile constructor',
    });
    const response = await send(new Request(`${ORIGIN}/authorize?${query.toString()}`));
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('<li>constructor</li>');
    expect(page).not.toContain('native code');
  });
});
