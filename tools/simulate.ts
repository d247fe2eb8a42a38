/**
 * `npm run simulate`: a local Alexa. Signed requests to the skill started by `npm run dev`, with
 * the session kept between turns and account linking done like Alexa does it.
 *
 *   npm run simulate -- launch | yes | no | help | stop | cancel | fallback | end
 *   npm run simulate -- OrderCar destination=work
 *   npm run simulate -- RideHailerAvailabilityByCity city=Seattle
 *   npm run simulate -- event SkillEnabled
 *   npm run simulate -- link [--implicit] | unlink | disable | status
 *   npm run simulate -- OrderCar destination=work --voice-link accept|decline|unmet|fail
 *   npm run simulate -- voice-link accept|decline|unmet|fail   (completes a pending voice-forward linking)
 *   npm run simulate -- --person ben OrderCar destination=work   (as a recognized speaker; link --person ben links Ben's own account)
 *   npm run simulate -- --locale ja-JP launch   (any command, in another locale; en-US by default)
 *   npm run simulate                       (interactive: type the same commands)
 *   npm run simulate -- --help             (this list; works before npm run dev ever ran)
 */
import { HELP, parseSimulatorArgs, UsageError } from './simulator/options.ts';

const options = (() => {
  try {
    return parseSimulatorArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`Error: ${error.message}`);
    process.exit(2);
  }
})();
if (options.help) {
  console.log(HELP);
  process.exit(0);
}
// Only now what reads .dev.vars, the dev CA and the ports' variables: help needs none of them.
try {
  const { simulate } = await import('./simulator/session.ts');
  process.exitCode = await simulate(options);
} catch (error) {
  // A setting read when the session loads (a port variable that is not a port).
  console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
