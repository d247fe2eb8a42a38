/**
 * `npm run load`: mixed traffic against the Worker as deployed (in workerd, on loopback) for a
 * bounded time: valid linked OrderCar, valid unlinked availability, and forged requests. Fails if
 * any valid request is refused, any forged one accepted, or any 5xx is seen.
 *
 * Writes bench/results/load.json and the load table of docs/performance.md (bench/report.ts).
 *
 * Env: LOAD_CONNECTIONS (default 50), LOAD_SECONDS (default 30).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { startProvider } from './provider.ts';
import { loadBlocks, PERFORMANCE_PAGE, renderPage, type LoadReport } from './report.ts';
import { availability, orderCar, signed } from './requests.ts';
import { startWorker } from './stack.ts';

const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
const seconds = Math.min(Number(process.env.LOAD_SECONDS ?? 30), 120);

const provider = await startProvider();
const worker = await startWorker(provider);
type Kind = 'linked' | 'unlinked' | 'forged';
const tally: Record<Kind, Record<string, number>> = { linked: {}, unlinked: {}, forged: {} };
/** What a right answer says: the linked user's work location; the public catalogue. */
const EXPECTED: Record<Kind, string | undefined> = { linked: 'Contoso Tower', unlinked: 'services in Seattle', forged: undefined };
let wrongAnswers = 0;

try {
  const tokens = Array.from({ length: 10 }, () => provider.issue());
  const entries: { kind: Kind; request: Awaited<ReturnType<typeof signed>> }[] = [];
  for (const token of tokens) {
    entries.push({ kind: 'linked', request: await signed(worker.pki, orderCar(token)) });
    entries.push({ kind: 'unlinked', request: await signed(worker.pki, availability()) });
    entries.push({ kind: 'forged', request: await signed(worker.pki, availability(), { forge: true }) });
  }
  // Steady state: each token validated once before the timed run (the new-token path is the benchmark's).
  for (const { kind, request } of entries) {
    if (kind === 'linked') await fetch(worker.url, { method: 'POST', headers: request.headers, body: request.body });
  }
  console.log(`Load: ${connections} connections for ${seconds} s against ${worker.url} (the deploy bundle in workerd)`);
  const result = await autocannon({
    url: worker.url,
    connections,
    duration: seconds,
    requests: entries.map(({ kind, request }) => ({
      method: 'POST' as const,
      path: '/',
      headers: request.headers,
      body: request.body,
      onResponse: (status: number, body: string) => {
        tally[kind][status] = (tally[kind][status] ?? 0) + 1;
        const expected = EXPECTED[kind];
        if (status === 200 && expected && !body.includes(expected)) {
          if (wrongAnswers++ === 0) console.error(`first wrong ${kind} answer: ${body.slice(0, 300)}`);
        }
      },
    })),
  });
  const count = (kind: Kind, pick: (status: number) => boolean) =>
    Object.entries(tally[kind]).reduce((sum, [status, n]) => sum + (pick(Number(status)) ? n : 0), 0);
  const report: LoadReport = {
    machine: `${process.platform} ${process.arch}, node ${process.version}`,
    connections,
    seconds,
    requests: result.requests.total,
    requestsPerSecond: result.requests.average,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max },
    errors: result.errors,
    timeouts: result.timeouts,
    outcomes: tally,
    validRefused: count('linked', (s) => s !== 200) + count('unlinked', (s) => s !== 200),
    validWrongAnswer: wrongAnswers,
    forgedAccepted: count('forged', (s) => s >= 200 && s < 300),
    serverErrors: (['linked', 'unlinked', 'forged'] as Kind[]).reduce((sum, k) => sum + count(k, (s) => s >= 500), 0),
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/load.json', `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(PERFORMANCE_PAGE, renderPage(readFileSync(PERFORMANCE_PAGE, 'utf8'), loadBlocks(report)));
  console.table({
    linked: tally.linked, unlinked: tally.unlinked, forged: tally.forged,
  });
  console.log(
    `${report.requests} requests, ${report.requestsPerSecond.toFixed(0)} req/s; latency p50 ${report.latencyMs.p50} ms, ` +
      `p99 ${report.latencyMs.p99} ms; connection errors ${report.errors}, timeouts ${report.timeouts}`,
  );
  const failures = [
    report.validRefused > 0 && `${report.validRefused} valid requests refused`,
    report.validWrongAnswer > 0 && `${report.validWrongAnswer} valid requests answered wrongly (e.g. provider unreachable)`,
    report.forgedAccepted > 0 && `${report.forgedAccepted} forged requests accepted`,
    report.serverErrors > 0 && `${report.serverErrors} 5xx answers`,
    report.errors > 0 && `${report.errors} connection errors`,
    report.timeouts > 0 && `${report.timeouts} timeouts`,
  ].filter(Boolean);
  if (failures.length) {
    console.error(`LOAD FAILED: ${failures.join('; ')}`);
    process.exitCode = 1;
  } else {
    console.log('LOAD PASSED: every valid request answered 200 with the right answer, every forged one 400, no 5xx.');
  }
} finally {
  await worker.dispose();
  await provider.close();
}
