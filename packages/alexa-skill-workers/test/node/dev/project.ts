import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A skill project in a temporary folder: `files` by relative path (objects written as JSON). */
export function tempProject(files: Record<string, unknown>): { readonly root: string; readonly remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'kit-dev-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
