/**
 * `npm run icons`: draws the skill's two icons (tools/icons/draw.ts) and writes the PNGs and the
 * module the demo service serves them from (tools/icons/files.ts says where).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ICONS, ICON_MODULE, iconModuleSource, renderIcons } from './icons/files.ts';

const pngs = renderIcons();
for (const icon of ICONS) {
  mkdirSync(dirname(icon.file), { recursive: true });
  writeFileSync(icon.file, pngs.get(icon.name) ?? new Uint8Array());
  console.log(`wrote ${icon.file} (${icon.size}×${icon.size})`);
}
writeFileSync(ICON_MODULE, iconModuleSource(pngs));
console.log(`wrote ${ICON_MODULE}`);
