import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// A skill's deploy bundle may be minified without keep_names (Ride Hailer's wrangler.toml is), so a
// name taken from the class at run time would be mangled in every log line that reports it. The
// kit's error names, public and internal alike, must be spelled out.
describe('error names in the minified bundle', () => {
  it('keeps every error class name the logs report', async () => {
    const root = resolve(import.meta.dirname, '../..');
    const out = await build({
      stdin: {
        contents: `
          import { VerificationError, PayloadTooLargeError } from './src/verification/errors.ts';
          import { LinkingError } from './src/linking/errors.ts';
          import { ConfigError, DeadlineError, EnvelopeError, UsageError } from './src/core/errors.ts';
          import { TimeoutError } from './src/lib/timeout.ts';
          import { BodyTooLargeError, BodyIncompleteError } from './src/lib/body.ts';
          export const names = [
            new VerificationError('CERT_MALFORMED', 'x'), new PayloadTooLargeError(1), new LinkingError('TOKEN_INVALID', 'x'),
            new ConfigError('X', 'y'), new TimeoutError(1), new BodyTooLargeError(1), new BodyIncompleteError('x'),
            new EnvelopeError('session'), new DeadlineError('x', 1), new UsageError('x'),
          ].map((e) => e.name);`,
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      keepNames: false,
      format: 'esm',
      write: false,
    });
    const { names } = (await import(`data:text/javascript,${encodeURIComponent(out.outputFiles[0]!.text)}`)) as { names: string[] };
    expect(names).toEqual([
      'VerificationError', 'PayloadTooLargeError', 'LinkingError', 'ConfigError', 'TimeoutError', 'BodyTooLargeError', 'BodyIncompleteError',
      'EnvelopeError', 'DeadlineError', 'UsageError',
    ]);
  });
});
