/**
 * Starts the Node anchor (bench/node-anchor/server.ts, bundled with esbuild) on 127.0.0.1, as the
 * leader of its own process group, stopped on every exit path.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { killGroupNow, spawnGroup, stopGroup } from 'alexa-skill-workers/cli';
import type { FakeProvider } from './provider.ts';
import { CERT_URL, SKILL_ID, cpuSecondsOf, tokenBindings, type TokenMode } from './stack.ts';

export interface Anchor {
  readonly url: string;
  /** utime + stime of the anchor process, seconds (10 ms ticks). */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

export async function startAnchor(options: { chainPem: string; provider: FakeProvider; mode: TokenMode }): Promise<Anchor> {
  mkdirSync('bench/.build', { recursive: true });
  await build({
    entryPoints: ['bench/node-anchor/server.ts'], bundle: true, platform: 'node', format: 'esm',
    packages: 'external', target: 'node22', outfile: 'bench/.build/node-anchor.mjs', logLevel: 'warning',
  });
  writeFileSync('bench/.build/chain.pem', options.chainPem);
  const child = spawnGroup(process.execPath, ['bench/.build/node-anchor.mjs'], {
    env: {
      ...process.env, PORT: '0', SKILL_ID, PROVIDER: options.provider.origin, CERT_URL, CHAIN_FILE: 'bench/.build/chain.pem',
      NODE_ENV: 'production', ...tokenBindings(options.mode, options.provider.origin),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const pid = child.pid!;
  const onExit = () => killGroupNow(pid);
  process.on('exit', onExit);
  // Loaded once started; removed so that `npm run lint` never sees generated code.
  const removeBuild = () => rmSync('bench/.build/node-anchor.mjs', { force: true });
  const stop = async () => {
    await stopGroup(pid, 2_000);
    process.off('exit', onExit);
    removeBuild();
  };
  try {
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        const match = /listening (\d+)/.exec(chunk.toString());
        if (match) resolve(match[1]!);
      });
      child.on('exit', (code) => reject(new Error(`node anchor exited with ${code}`)));
    });
    removeBuild();
    return { url: `http://127.0.0.1:${port}/`, cpuSeconds: () => cpuSecondsOf([pid]), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
