/**
 * Memoizes `build` per bindings object. Workers hands every request of an isolate the same `env`
 * object while its bindings are unchanged, so this builds once per isolate (Cloudflare Workers,
 * "How Workers works": global state is per isolate). A build that throws is not remembered, so a
 * fixed binding takes effect on the next request. A runtime without bindings objects (`undefined`
 * env, e.g. Node) shares one build.
 * @example const servicesFor = perIsolate((env: Env) => ({ accounts: new AccountService(...) }));
 */
export function perIsolate<B, T>(build: (env: B) => T): (env: B) => T {
  const built = new WeakMap<object, T>();
  const noBindings = {};
  return (env) => {
    const key = typeof env === 'object' && env !== null ? env : noBindings;
    if (built.has(key)) return built.get(key)!;
    const value = build(env);
    built.set(key, value);
    return value;
  };
}
