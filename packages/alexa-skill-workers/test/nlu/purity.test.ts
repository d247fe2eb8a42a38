import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCE = join(import.meta.dirname, '..', '..', 'src', 'nlu');
const files = readdirSync(SOURCE, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));

describe('the resolver runs in Node and in a browser page alike', () => {
  it.each(files)('%s imports only modules of src/nlu, by relative path', (file) => {
    const text = readFileSync(join(SOURCE, file), 'utf8');
    for (const [, specifier] of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
      expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\.?\//);
      expect(relative(SOURCE, resolve(dirname(join(SOURCE, file)), specifier!)), `${file} imports ${specifier}`).not.toMatch(/^\.\./);
    }
  });

  it.each(files)('%s reads no global clock, randomness, network or process', (file) => {
    const text = readFileSync(join(SOURCE, file), 'utf8').replace(/\/\*\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    for (const forbidden of [/\bDate\.now\b/, /new Date\(\)/, /\bMath\.random\b/, /\bfetch\(/, /\bprocess\./, /\brequire\(/, /\bglobalThis\b/]) {
      expect(text, `${file} uses ${forbidden.source}`).not.toMatch(forbidden);
    }
  });
});
