import { join } from 'node:path';

/**
 * The files and folders of the command line's state folder (docs/cli.md, "The state folder"), from
 * the folder itself (the project's `state`, default `.alexa-skill-workers/`, or `--state`).
 */
export function statePaths(state: string) {
  return {
    /** The local CA that stands in for Amazon ({@link loadOrCreateDevCa}). */
    ca: join(state, 'ca.json'),
    /** A Worker's `wrangler dev --persist-to` folder: `skill`, `provider`. */
    wrangler: (name: string) => join(state, 'wrangler', name),
    /** The local OAuth provider's client and state. */
    provider: join(state, 'provider'),
    /** The simulated device's IDs, session and linked tokens (mode 0600), `simulate` and `link`'s. */
    simulator: join(state, 'simulator.json'),
  };
}
