/**
 * `alexa-skill-workers/cli`: Node only, never for the Worker. The command line's building blocks
 * for a project's own scripts and test harnesses: process groups that stop as a whole, the port
 * check, the parent-death watch, the local CA that `dev` persists, the simulated device `simulate` talks
 * as (for an extension that links it, as Ride Hailer's simulated Amazon does), and the types of a
 * `dev` extension (docs/cli.md). The command line itself is the `alexa-skill-workers` bin.
 * @packageDocumentation
 */
export { CliError } from './cli/errors.ts';
export { loadOrCreateDevCa, loadSigningCa, DEV_CA_LIFETIME_MS, DEV_CA_RENEW_BEFORE_MS, type DevCa, type SigningCa } from './cli/ca.ts';
export type { DevExtension, DevExtensionContext, DevExtensionStarted } from './cli/dev/extension.ts';
export { groupAlive, killGroupNow, spawnGroup, stopGroup } from './cli/dev/group.ts';
export { onReparented, onStdinEnd, PARENT_POLL_MS, STOP_WITH_STDIN_ENV } from './cli/parent.ts';
export { firstPortInUse, portInUseMessage, type DevPort } from './cli/dev/ports.ts';
export { statePaths } from './cli/state.ts';
export { send as sendFromDevice, type Answer, type Device } from './cli/simulate/device.ts';
export { loadState, saveState, type SimulatorState } from './cli/simulate/state.ts';
export type { LinkedTokens } from './cli/oauth/token.ts';
