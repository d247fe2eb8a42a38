import { describe, expect, it } from 'vitest';
import { DEMO_USERS, authenticate } from '../../demo/ride-hailer-service/src/users.ts';

describe('demo service: the demo users\' passwords are kept as PBKDF2 hashes', () => {
  it.each([
    ['ana', 'ana-rides', 'user-ana'],
    [' ANA ', 'ana-rides', 'user-ana'],
    ['ben', 'ben-rides', 'user-ben'],
  ])('signs %j in with %j', async (username, password, id) => {
    expect((await authenticate(username, password))?.profile.id).toBe(id);
  });

  it.each([
    ['ana', 'ben-rides'],
    ['ana', 'ANA-RIDES'],
    ['ana', ''],
    ['nobody', 'ana-rides'],
    ['', ''],
  ])('refuses %j with %j', async (username, password) => {
    expect(await authenticate(username, password)).toBeUndefined();
  });

  it('holds no password in clear', () => {
    const stored = JSON.stringify(DEMO_USERS);
    for (const password of ['ana-rides', 'ben-rides']) expect(stored).not.toContain(password);
  });
});
