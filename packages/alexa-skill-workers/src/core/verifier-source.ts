import { createAlexaVerifier, type AlexaVerifier, type AlexaVerifierOptions } from '../verification/verifier.ts';
import type { Logger } from './log.ts';
import { perIsolate } from './per-isolate.ts';

/**
 * Where an endpoint's verifier comes from: options (checked when the endpoint or middleware is
 * created), or a function of the Worker's bindings returning options or a verifier, called on a
 * request's first use of a bindings object (Workers hands every request of an isolate the same
 * `env`). Options from bindings are checked then: a bad one answers 500 and logs `config_invalid`
 * naming it, and is not remembered, so fixing the binding takes effect without a new isolate.
 */
export type AlexaVerifierSource<Env> = AlexaVerifierOptions | ((env: Env) => AlexaVerifierOptions | AlexaVerifier);

/**
 * The verifier for a request's bindings, from a {@link AlexaVerifierSource}: built now for options,
 * once per bindings object for a function.
 * @throws {ConfigError} `CONFIG_INVALID` at once for bad static options.
 */
export function verifierFor<Env>(source: AlexaVerifierSource<Env>, log: Logger): (env: Env) => AlexaVerifier {
  if (typeof source !== 'function') {
    const verifier = createAlexaVerifier({ log, ...source });
    return () => verifier;
  }
  return perIsolate((env: Env) => {
    const made = source(env);
    return isVerifier(made) ? made : createAlexaVerifier({ log, ...made });
  });
}

function isVerifier(value: AlexaVerifierOptions | AlexaVerifier): value is AlexaVerifier {
  return typeof (value as Partial<AlexaVerifier>).verify === 'function';
}
