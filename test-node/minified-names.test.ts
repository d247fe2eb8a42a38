import { build } from 'esbuild';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The deploy bundle is minified without keep_names (wrangler.toml), so a name taken from the class
// at run time would be mangled in every log line that reports it. The names must be spelled out.
describe('error names in the minified bundle', () => {
  it('keeps every error class name the logs report', async () => {
    const root = resolve(import.meta.dirname, '..');
    const out = await build({
      stdin: {
        contents: `
          import { VerificationError, PayloadTooLargeError } from './packages/alexa-skill-workers/src/verification/errors.ts';
          import { LinkingError } from './packages/alexa-skill-workers/src/linking/errors.ts';
          import { ConfigError, DeadlineError, EnvelopeError, UsageError } from './packages/alexa-skill-workers/src/core/errors.ts';
          import { TimeoutError } from './packages/alexa-skill-workers/src/lib/timeout.ts';
          import { BodyTooLargeError, BodyIncompleteError } from './packages/alexa-skill-workers/src/lib/body.ts';
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
