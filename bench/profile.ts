/**
 * Where the Worker's CPU goes: a V8 CPU profile of the in-isolate loop (bench/isolate.ts), taken
 * through workerd's inspector (Chrome DevTools Protocol) on a separate launch, so the inspector
 * never slows the measured runs. Self time is attributed to source files through the bundle's
 * source map (`index.js.map` from `wrangler deploy --dry-run`) and summed per package or src/ file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { startWorkerd, writeConfig, type WorkerdOptions } from './workerd.ts';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  readonly where: string;
  readonly percent: number;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Source Map v3 `mappings`, decoded to [generated column, source index][] per generated line. */
function decodeMappings(mappings: string): [number, number][][] {
  const lines: [number, number][][] = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments: [number, number][] = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const values: number[] = [];
      let value = 0, shift = 0;
      for (const char of segment) {
        const digit = B64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = shift = 0;
        }
      }
      column += values[0]!;
      if (values.length > 1) source += values[1]!;
      // values[2..] (line, column, name) advance state this attribution does not need.
      segments.push([column, source]);
    }
    lines.push(segments);
  }
  return lines;
}

/** "hono", "ask-sdk-core", "packages/alexa-skill-workers/src/verification/chain.ts", … for a source path in the map. */
function bucket(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1]!;
  const src = /(src\/.*)$/.exec(source);
  return src ? src[1]! : source;
}

function summarise(profile: CpuProfile, map: { sources: string[]; mappings: string }, byFunction = false): ProfileShare[] {
  const lines = decodeMappings(map.mappings);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totals = new Map<string, number>();
  let all = 0;
  for (const node of profile.nodes) {
    const time = self.get(node.id) ?? 0;
    if (time === 0 || node.callFrame.functionName === '(idle)') continue;
    all += time;
    const { url, lineNumber, columnNumber, functionName } = node.callFrame;
    let where = functionName.startsWith('(') ? functionName : `(runtime) ${functionName || 'anonymous'}`;
    if (url.endsWith('index.js')) {
      const segments = lines[lineNumber] ?? [];
      let found: number | undefined;
      for (const [column, source] of segments) if (column <= columnNumber) found = source;
      where = found === undefined ? '(bundle, unmapped)' : bucket(map.sources[found] ?? '?');
      if (byFunction) where = `${functionName || 'anonymous'} ${where}`;
    } else if (url.endsWith('wrapper.js')) where = '(bench loop)';
    totals.set(where, (totals.get(where) ?? 0) + time);
  }
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, byFunction ? 40 : 15)
    .map(([where, time]) => ({ where, percent: Number(((100 * time) / all).toFixed(1)) }));
}

/** CDP over the inspector's WebSocket: one command at a time. */
async function devtools(port: number, service: string) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { id: string; webSocketDebuggerUrl: string }[];
  const target = targets.find((t) => t.id === service || t.webSocketDebuggerUrl.endsWith(`/${service}`));
  if (!target) throw new Error(`no inspector target for ${service}: ${JSON.stringify(targets)}`);
  const socket = new WebSocket(target.webSocketDebuggerUrl.replace('localhost', '127.0.0.1'));
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let next = 0;
  const pending = new Map<number, (result: unknown) => void>();
  socket.onmessage = (event: MessageEvent<string>) => {
    const message = JSON.parse(event.data) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  };
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      pending.set(++next, resolve);
      socket.send(JSON.stringify({ id: next, method, params }));
    });
  return { send, close: () => socket.close() };
}

/**
 * Profiles each named loop (a batch for `/__bench/load`, and the `/__bench/run` query) on its own
 * workerd launch with the inspector on; writes the raw profiles to bench/.build. Self time is
 * summed per source file, or per function and file with `byFunction` (for an unminified bundle).
 */
export async function profileLoops(
  options: WorkerdOptions,
  loops: Record<string, { batch: () => Promise<unknown>; query: string }>,
  settings: { byFunction?: boolean } = {},
): Promise<Record<string, ProfileShare[]>> {
  // Without a source map (wrangler writes one next to the bundle), everything lands in one bucket.
  const map = existsSync(`${options.bundle}.map`)
    ? (JSON.parse(readFileSync(`${options.bundle}.map`, 'utf8')) as { sources: string[]; mappings: string })
    : { sources: [], mappings: '' };
  mkdirSync('bench/.build', { recursive: true });
  const workerd = await startWorkerd(await writeConfig(options), 1, { inspector: true });
  const result: Record<string, ProfileShare[]> = {};
  try {
    const base = `http://127.0.0.1:${workerd.ports.http}/`;
    const inspector = await devtools(workerd.ports.inspector!, 'main');
    try {
      await inspector.send('Profiler.enable');
      await inspector.send('Profiler.setSamplingInterval', { interval: 50 });
      for (const [name, loop] of Object.entries(loops)) {
        await fetch(`${base}__bench/load`, { method: 'POST', body: JSON.stringify(await loop.batch()) });
        await (await fetch(`${base}__bench/run?${loop.query}`, { method: 'POST' })).text(); // warm-up
        await fetch(`${base}__bench/load`, { method: 'POST', body: JSON.stringify(await loop.batch()) });
        await inspector.send('Profiler.start');
        await (await fetch(`${base}__bench/run?${loop.query}`, { method: 'POST' })).text();
        const { profile } = (await inspector.send('Profiler.stop')) as { profile: CpuProfile };
        writeFileSync(`bench/.build/${name.replaceAll(' ', '-')}.cpuprofile`, JSON.stringify(profile));
        result[name] = summarise(profile, map, settings.byFunction);
      }
    } finally {
      inspector.close();
    }
  } finally {
    await workerd.stop();
  }
  return result;
}
