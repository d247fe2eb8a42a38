// The command line from its source, as the bin runs it from dist/ (bin/alexa-skill-workers.js): for tests that spawn it.
import { main } from '../../../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
