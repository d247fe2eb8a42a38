/**
 * The ports of Ride Hailer's part of `npm run dev`, moved with env vars: the simulated Amazon of
 * app-to-app linking (tools/simulator/amazon/dev.ts, dev's extension), and the ports the e2e harness
 * (test-e2e/stack.ts) gives dev as flags. They must match dev's (package.json "alexa-skill-workers",
 * or dev's flags).
 */
import type { DevPort } from 'alexa-skill-workers/cli';

type Env = Record<string, string | undefined>;

function port(env: Env, variable: string, fallback: number): number {
  const raw = env[variable];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${variable} must be a port number (1-65535), not "${raw}".`);
  return value;
}

/** Reads the settings from `env` (the process's environment unless a test passes its own). */
export function devConfig(env: Env = process.env) {
  return {
    skillPort: port(env, 'SKILL_PORT', 8787),
    servicePort: port(env, 'SERVICE_PORT', 8788),
    redirectPort: port(env, 'SIMULATOR_REDIRECT_PORT', 8790),
    /** The simulated Amazon of app-to-app linking (tools/simulator/amazon/dev.ts, dev's extension). */
    amazonPort: port(env, 'SIMULATOR_AMAZON_PORT', 8791),
  };
}

export type DevConfig = ReturnType<typeof devConfig>;

export const DEV = devConfig();

/** The port the simulated Amazon listens on, what listens there, and the variable that moves it. */
export function devPorts(config: DevConfig = DEV): DevPort[] {
  return [
    { port: config.amazonPort, what: 'the simulated Amazon', move: 'set SIMULATOR_AMAZON_PORT' },
  ];
}

