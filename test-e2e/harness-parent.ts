/**
 * A stand-in for the test process, for dev-stack.e2e.test.ts: starts `alexa-skill-workers dev` and a waiting
 * `npm run simulate -- link` through stack.ts, names their process groups, then waits to be killed.
 */
import { runSimulator, startDev, waitFor } from './stack.ts';

const dev = startDev();
await waitFor(dev, /^Ready\.$/m);
const linking = runSimulator(['link']);
await waitFor(linking, /^LOGIN_URL /m);
// In the words stack.ts looks for, so that the test's own stop() can clean up after a failure.
const groups = [dev.child.pid, linking.child.pid, ...[...dev.output.matchAll(/process group (\d+)/g)].map((m) => Number(m[1]))];
for (const pgid of groups) console.log(`process group ${pgid}`);
console.log('Started.');
setInterval(() => undefined, 60_000);
