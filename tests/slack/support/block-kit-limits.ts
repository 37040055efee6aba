// Block Kit's documented limits, checked on a view or a message: the problems found, in words
// (none is a pass). https://docs.slack.dev/reference/block-kit/blocks and …/block-elements.
type Json = Record<string, unknown>;

const VIEW_BLOCKS_MAX = 100;
const MESSAGE_BLOCKS_MAX = 50;
const SECTION_TEXT_MAX = 3000;
const OPTIONS_MAX = 100;
/** Checkboxes and radio buttons take at most 10 options. */
const CHOICE_BUTTONS_MAX = 10;
const MODAL_TEXT_MAX = 24;
const LABEL_MAX = 2000;
const ACTIONS_ELEMENTS_MAX = 25;
const BUTTON_VALUE_MAX = 2000;
const PRIVATE_METADATA_MAX = 3000;

const text = (value: unknown) => (typeof value === 'object' && value !== null ? String((value as Json).text ?? '') : '');

function elementProblems(element: Json, where: string): string[] {
  const problems: string[] = [];
  const options = element.options as unknown[] | undefined;
  const max = element.type === 'checkboxes' || element.type === 'radio_buttons' ? CHOICE_BUTTONS_MAX : OPTIONS_MAX;
  if (options && options.length > max) problems.push(`${where}: ${options.length} options, more than ${max}`);
  if (typeof element.value === 'string' && element.value.length > BUTTON_VALUE_MAX)
    problems.push(`${where}: a value of ${element.value.length} characters`);
  return problems;
}

export function blockKitProblems(surface: {
  type?: string;
  blocks: Json[];
  title?: unknown;
  submit?: unknown;
  close?: unknown;
  private_metadata?: string;
}): string[] {
  const problems: string[] = [];
  const max = surface.type === 'modal' || surface.type === 'home' ? VIEW_BLOCKS_MAX : MESSAGE_BLOCKS_MAX;
  if (surface.blocks.length > max) problems.push(`${surface.blocks.length} blocks, more than ${max}`);
  for (const key of ['title', 'submit', 'close'] as const) {
    if (surface[key] !== undefined && text(surface[key]).length > MODAL_TEXT_MAX) problems.push(`${key} longer than ${MODAL_TEXT_MAX}`);
  }
  if (surface.type === 'modal' && !surface.title) problems.push('a modal without a title');
  if ((surface.private_metadata?.length ?? 0) > PRIVATE_METADATA_MAX) problems.push('private_metadata too long');
  const blockIds = new Set<string>();
  surface.blocks.forEach((block, index) => {
    const where = `block ${index} (${String(block.type)})`;
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) problems.push(`${where}: block_id ${block.block_id} used twice`);
      blockIds.add(block.block_id);
    }
    if (block.type === 'section' && text(block.text).length > SECTION_TEXT_MAX)
      problems.push(`${where}: section text of ${text(block.text).length} characters`);
    if (block.type === 'section' && block.accessory) problems.push(...elementProblems(block.accessory as Json, where));
    if (block.type === 'header' && text(block.text).length > 150) problems.push(`${where}: header longer than 150`);
    if (block.type === 'input') {
      if (text(block.label).length > LABEL_MAX) problems.push(`${where}: label too long`);
      if (surface.type !== 'modal') problems.push(`${where}: input blocks belong in modals`);
      problems.push(...elementProblems(block.element as Json, where));
    }
    if (block.type === 'actions') {
      const elements = block.elements as Json[];
      if (elements.length > ACTIONS_ELEMENTS_MAX) problems.push(`${where}: ${elements.length} elements`);
      for (const element of elements) problems.push(...elementProblems(element, where));
    }
  });
  if (surface.type === 'modal' && surface.blocks.some((block) => block.type === 'input') && !surface.submit)
    problems.push('inputs without a submit button');
  return problems;
}
