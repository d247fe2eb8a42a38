/**
 * Ride Hailer's own skill-package rule: its files against Amazon's SMAPI types (ask-smapi-model, a
 * devDependency of this repository that the kit does not ship). Every other rule is the kit's
 * (`alexa-skill-workers check`, packages/alexa-skill-workers/src/cli/check/).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectDirOf, SKILL_PACKAGE_TYPES, typeCheckJson } from './smapi-types.ts';

/** One line of the checklist: which rule, whether it holds, and what was found. */
interface PackageFinding {
  readonly rule: string;
  readonly ok: boolean;
  readonly message: string;
  readonly file?: string;
}

const MODELS_DIR = join('interactionModels', 'custom');
/** The example account-linking requests beside the package's own (as the kit's account-linking rules read them). */
const EXAMPLES_DIR = '.examples';

/** {@link typeCheckJson} over the package's files at `root`, as `smapi-types` findings. */
export function typeCheckPackage(root: string): PackageFinding[] {
  const read = (file: string) => readFileSync(join(root, file), 'utf8');
  const models = readdirSync(join(root, MODELS_DIR)).filter((file) => file.endsWith('.json'));
  const examples = existsSync(join(root, EXAMPLES_DIR))
    ? readdirSync(join(root, EXAMPLES_DIR)).filter((f) => /^accountLinking\..+\.json$/.test(f)).map((f) => `${EXAMPLES_DIR}/${f}`).sort()
    : [];
  const documents = [
    { file: 'skill.json', text: read('skill.json'), type: SKILL_PACKAGE_TYPES.manifest },
    ...models.map((m) => ({ file: `${MODELS_DIR}/${m}`, text: read(join(MODELS_DIR, m)), type: SKILL_PACKAGE_TYPES.interactionModel })),
    ...['accountLinking.json', ...examples].map((file) => ({ file, text: read(file), type: SKILL_PACKAGE_TYPES.accountLinking })),
  ];
  return [...typeCheckJson(documents, projectDirOf(root))].flatMap(([file, errors]): PackageFinding[] =>
    errors.length === 0
      ? [{ rule: 'smapi-types', ok: true, message: 'matches ask-smapi-model', file }]
      : errors.map((message) => ({ rule: 'smapi-types', ok: false, message, file })),
  );
}
