/**
 * The references inside an interaction model whose shape is already checked (model.ts): names are
 * unique, every `{slot}` of a sample is a slot of its intent, every slot type exists (or is Amazon's),
 * and the dialog model names intents, slots and prompts that exist, with the prompts Amazon requires
 * for elicitation and confirmation.
 *
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/create-intents-utterances-and-slots.html
 *   (sample utterances reference the intent's slots in curly brackets)
 * @see https://developer.amazon.com/en-US/docs/alexa/custom-skills/dialog-interface-reference.html
 *   ("Dialog directive requirements": required slots have prompts; confirmations have prompts)
 */

import type { InteractionModel } from './model.ts';

/** Reports one problem at a JSON path; never returns (it throws). */
export type Fail = (path: string, problem: string) => never;

const LM = 'interactionModel.languageModel';

/** Calls `fail` for the first broken reference in `model`. */
export function checkReferences(model: InteractionModel, fail: Fail): void {
  const { languageModel, dialog, prompts = [] } = model.interactionModel;
  const types = new Set<string>();
  (languageModel.types ?? []).forEach((type, i) => {
    if (types.has(type.name)) fail(`${LM}.types[${i}].name`, `a second slot type named ${type.name}`);
    types.add(type.name);
  });
  const intents = new Map<string, number>();
  languageModel.intents.forEach((intent, i) => {
    const at = `${LM}.intents[${i}]`;
    if (intents.has(intent.name)) fail(`${at}.name`, `a second intent named ${intent.name}`);
    intents.set(intent.name, i);
    const slots = new Set<string>();
    (intent.slots ?? []).forEach((slot, j) => {
      if (slots.has(slot.name)) fail(`${at}.slots[${j}].name`, `a second slot named ${slot.name} in ${intent.name}`);
      slots.add(slot.name);
      if (!slot.type.startsWith('AMAZON.') && !types.has(slot.type)) fail(`${at}.slots[${j}].type`, `slot type ${slot.type} is neither in types nor an AMAZON type`);
    });
    (intent.samples ?? []).forEach((sample, k) => checkSample(sample, slots, intent.name, `${at}.samples[${k}]`, fail));
    (intent.slots ?? []).forEach((slot, j) => {
      (slot.samples ?? []).forEach((sample, k) => checkSample(sample, slots, intent.name, `${at}.slots[${j}].samples[${k}]`, fail));
    });
  });
  const promptIds = new Set<string>();
  prompts.forEach((prompt, i) => {
    if (promptIds.has(prompt.id)) fail(`interactionModel.prompts[${i}].id`, `a second prompt with id ${prompt.id}`);
    promptIds.add(prompt.id);
  });
  const prompt = (id: string | undefined, path: string, needed: string) => {
    if (id === undefined) fail(path, `${needed} needs a prompt id`);
    if (!promptIds.has(id)) fail(path, `no prompt with id ${id} in interactionModel.prompts`);
  };
  dialog?.intents.forEach((dialogIntent, i) => {
    const at = `interactionModel.dialog.intents[${i}]`;
    const index = intents.get(dialogIntent.name);
    if (index === undefined) fail(`${at}.name`, `${dialogIntent.name} is not an intent of the language model`);
    if (dialogIntent.confirmationRequired) prompt(dialogIntent.prompts?.confirmation, `${at}.prompts.confirmation`, 'an intent confirmation');
    else if (dialogIntent.prompts?.confirmation !== undefined) prompt(dialogIntent.prompts.confirmation, `${at}.prompts.confirmation`, 'a confirmation');
    const slots = languageModel.intents[index]!.slots ?? [];
    dialogIntent.slots?.forEach((dialogSlot, j) => {
      const slotAt = `${at}.slots[${j}]`;
      const slot = slots.find((s) => s.name === dialogSlot.name);
      if (!slot) fail(`${slotAt}.name`, `${dialogSlot.name} is not a slot of ${dialogIntent.name}`);
      if (slot.type !== dialogSlot.type) fail(`${slotAt}.type`, `${dialogSlot.name} is of type ${slot.type} in the language model`);
      if (dialogSlot.elicitationRequired) prompt(dialogSlot.prompts?.elicitation, `${slotAt}.prompts.elicitation`, 'a required slot');
      if (dialogSlot.confirmationRequired) prompt(dialogSlot.prompts?.confirmation, `${slotAt}.prompts.confirmation`, 'a slot confirmation');
      for (const key of ['elicitation', 'confirmation'] as const) {
        const id = dialogSlot.prompts?.[key];
        if (id !== undefined) prompt(id, `${slotAt}.prompts.${key}`, key);
      }
    });
  });
}

/** A sample's braces pair up and each `{name}` is one of `slots`. */
function checkSample(sample: string, slots: ReadonlySet<string>, intent: string, path: string, fail: Fail): void {
  const outside = sample.replace(/\{[^{}]*\}/g, '');
  if (/[{}]/.test(outside)) fail(path, `unbalanced braces in ${JSON.stringify(sample)}`);
  for (const [, name] of sample.matchAll(/\{([^{}]*)\}/g)) {
    if (!slots.has(name!)) fail(path, `{${name}} is not a slot of ${intent}`);
  }
}
