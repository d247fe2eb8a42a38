#!/usr/bin/env node
// The package's command line (src/cli/main.ts, built to dist/cli). A plain file of its own so that
// npm can link it at install time, before a workspace's build has made dist/.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
