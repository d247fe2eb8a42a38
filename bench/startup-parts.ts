/**
 * What the Worker's startup is made of (issue #23: "the X.509/ASN.1 stack in a separate module
 * loaded on a certificate miss"): startup measured as `measureStartup` does, for
 * - the deploy bundle without the ASN.1 libraries (`@peculiar/asn1-schema`, `-x509`, `-ecc`, and
 *   with them asn1js, pvtsutils, pvutils and @peculiar/utils, substituted by an empty module with
 *   wrangler's `--alias`; the kit imports them only inside the stack it `import()`s on a
 *   certificate miss, so nothing evaluates them at startup and the bundle still answers);
 * - the same bundle with those libraries uploaded beside it as a second module that nothing
 *   imports: what "a separate module" costs at startup;
 * - the last two again with workerd's `new_module_registry` compatibility flag, which compiles a
 *   module when it is first imported; workerd accepts it only with `--experimental`, so a
 *   deployed Worker cannot use it yet (Cloudflare, "Compatibility flags"): what splitting would
 *   save once it can.
 * The libraries' module is built with esbuild, minified as wrangler.toml asks of the deploy bundle.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { measureStartup, type StartupResult } from './isolate.ts';
import { buildDeployBundle } from './stack.ts';
import type { WorkerdOptions } from './workerd.ts';

/** The packages the kit's X.509 stack imports; their own dependencies go with them. */
export const ASN1_LIBRARIES = ['@peculiar/asn1-schema', '@peculiar/asn1-x509', '@peculiar/asn1-ecc'] as const;

export interface Size {
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface StartupParts {
  /** The deploy bundle without the ASN.1 libraries. */
  readonly withoutAsn1: StartupResult & { readonly bundle: Size };
  /** The same, with the libraries uploaded as a module nothing imports. */
  readonly withUnusedAsn1Module: StartupResult & { readonly module: Size };
  /** The last two with the experimental `new_module_registry` flag. */
  readonly newModuleRegistry: { readonly withoutAsn1: StartupResult; readonly withUnusedAsn1Module: StartupResult };
}

/** workerd's module registry that compiles a module on its first import (experimental in workerd 2026-11-17). */
export const NEW_MODULE_REGISTRY = 'new_module_registry';

const sizeOf = (bytes: Uint8Array): Size => ({ bytes: bytes.byteLength, gzipBytes: gzipSync(bytes).byteLength });

/** Builds both variants and measures each as {@link measureStartup} measures the deploy bundle. */
export async function measureStartupParts(options: Omit<WorkerdOptions, 'floor' | 'bundle'>, runs = 15): Promise<StartupParts> {
  const scratch = mkdtempSync(join(tmpdir(), 'bench-startup-parts-'));
  const empty = join(scratch, 'empty.cjs');
  writeFileSync(empty, 'module.exports = {};\n');
  const without = buildDeployBundle({ alias: Object.fromEntries(ASN1_LIBRARIES.map((name) => [name, empty])) });

  const withModule = mkdtempSync(join(tmpdir(), 'skill-bundle-unused-'));
  copyFileSync(without.main, join(withModule, 'index.js'));
  const libraries = join(withModule, 'asn1-libraries.js');
  await build({
    stdin: { contents: ASN1_LIBRARIES.map((name, i) => `export * as m${i} from ${JSON.stringify(name)};`).join('\n'), resolveDir: process.cwd() },
    bundle: true, format: 'esm', platform: 'browser', target: 'es2023', minify: true, outfile: libraries, logLevel: 'warning',
  });

  const measure = (bundle: string, experimentalFlags: readonly string[] = []) => measureStartup({ ...options, bundle, experimentalFlags }, runs);
  const withUnused = join(withModule, 'index.js');
  return {
    withoutAsn1: { ...(await measure(without.main)), bundle: sizeOf(readFileSync(without.main)) },
    withUnusedAsn1Module: { ...(await measure(withUnused)), module: sizeOf(readFileSync(libraries)) },
    newModuleRegistry: {
      withoutAsn1: await measure(without.main, [NEW_MODULE_REGISTRY]),
      withUnusedAsn1Module: await measure(withUnused, [NEW_MODULE_REGISTRY]),
    },
  };
}
