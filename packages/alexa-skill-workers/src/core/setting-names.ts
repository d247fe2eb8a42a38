import { ConfigError } from './errors.ts';

/**
 * Runs `build` (which names the kit's options, e.g. `skillId`) and renames the setting of a
 * `ConfigError` it throws through `names` (e.g. to the binding `ALEXA_SKILL_ID`), so an operator
 * reads the name they set. The one helper the kit has for options an app reads from its bindings:
 * reading `env` is the app's.
 * @throws whatever `build` throws; a `ConfigError` named in `names` renamed.
 * @example
 *   const verifier = withSettingNames({ skillId: 'ALEXA_SKILL_ID' }, () => createAlexaVerifier({ skillId: env.ALEXA_SKILL_ID }));
 */
export function withSettingNames<T>(names: Readonly<Record<string, string>>, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof ConfigError && Object.hasOwn(names, error.setting)) {
      throw new ConfigError(names[error.setting]!, error.message.slice(error.setting.length + 2));
    }
    throw error;
  }
}
