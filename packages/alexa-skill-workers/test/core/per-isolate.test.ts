import { describe, expect, it } from 'vitest';
import { perIsolate } from '../../src/core/per-isolate.ts';

describe('perIsolate', () => {
  it('builds once per bindings object, and again for another one', () => {
    let builds = 0;
    const servicesFor = perIsolate((env: { name: string }) => ({ n: ++builds, name: env.name }));
    const env = { name: 'a' };
    expect(servicesFor(env)).toBe(servicesFor(env));
    expect(servicesFor({ name: 'b' })).toEqual({ n: 2, name: 'b' });
    expect(builds).toBe(2);
  });

  it('does not remember a build that threw, so a fixed binding takes effect', () => {
    const env: { id?: string } = {};
    const servicesFor = perIsolate((e: { id?: string }) => {
      if (!e.id) throw new Error('id missing');
      return e.id;
    });
    expect(() => servicesFor(env)).toThrow('id missing');
    env.id = 'x';
    expect(servicesFor(env)).toBe('x');
  });
});
