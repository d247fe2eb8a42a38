import { dirname, join } from 'node:path';
import ts from 'typescript';

/** A JSON document and the `ask-smapi-model` type it must be, e.g. `v1.skill.Manifest.SkillManifestEnvelope`. */
export interface TypedJson {
  readonly file: string;
  readonly text: string;
  readonly type: string;
}

/** The SMAPI type of each file of a skill package, as `ask smapi` sends them. */
export const SKILL_PACKAGE_TYPES = {
  manifest: 'v1.skill.Manifest.SkillManifestEnvelope',
  interactionModel: 'v1.skill.interactionModel.InteractionModelData',
  accountLinking: 'v1.skill.accountLinking.AccountLinkingRequest',
} as const;

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  types: [],
  lib: ['lib.es2022.d.ts'],
};

/**
 * Type-checks each JSON document against Amazon's own definitions of the SMAPI bodies (the
 * `ask-smapi-model` package) with the TypeScript compiler: the JSON text becomes an object literal
 * assigned to a variable of the file's type, so a wrong value (an enum it does not list) and an
 * unknown property (excess-property check, e.g. `manifestVersion` outside `manifest`) are errors.
 * The declaration shares the JSON's first line, so a diagnostic's line is the line in the file.
 *
 * `projectDir` is where `ask-smapi-model` resolves from (its `node_modules`). Returns, per file,
 * its diagnostics as `line N: message` (empty when the file is what the type says).
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/smapi/skill-manifest.html ("Skill Manifest Schema":
 *   `manifest.manifestVersion`, inside `manifest`)
 * @see https://www.npmjs.com/package/ask-smapi-model (Amazon's SMAPI model for Node.js)
 */
export function typeCheckJson(documents: readonly TypedJson[], projectDir: string): Map<string, string[]> {
  const sources = new Map(
    documents.map((doc, i) => [
      join(projectDir, `__skill_package_check_${i}__.ts`),
      `import type { v1 } from 'ask-smapi-model'; export const value: ${doc.type} = ${doc.text};\n`,
    ]),
  );
  const disk = ts.createCompilerHost(OPTIONS);
  const host: ts.CompilerHost = {
    ...disk,
    fileExists: (name) => sources.has(name) || disk.fileExists(name),
    readFile: (name) => sources.get(name) ?? disk.readFile(name),
    getSourceFile: (name, version, ...rest) => {
      const text = sources.get(name);
      return text === undefined ? disk.getSourceFile(name, version, ...rest) : ts.createSourceFile(name, text, version);
    },
  };
  const program = ts.createProgram([...sources.keys()], OPTIONS, host);
  const results = new Map<string, string[]>();
  [...sources.keys()].forEach((name, i) => {
    const sourceFile = program.getSourceFile(name)!;
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    results.set(
      documents[i]!.file,
      diagnostics.map((d) => {
        const line = d.start === undefined ? 0 : sourceFile.getLineAndCharacterOfPosition(d.start).line + 1;
        return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      }),
    );
  });
  return results;
}

/** The folder holding `node_modules` for a skill package at `root` (the project folder above it). */
export function projectDirOf(root: string): string {
  return dirname(root);
}
