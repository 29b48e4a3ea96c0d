// Checks message content the way chat.postMessage does: text or blocks required, text length, and
// the Block Kit limits a renderer is most likely to break. Error strings follow Slack's own form,
// `must be less than 3001 characters [json-pointer:/blocks/0/text/text]`.
import { MALFORMED } from './http-io.js';
import type { MessageMetadata } from './workspace.js';

/** @see https://docs.slack.dev/reference/methods/chat.postMessage#truncating-content */
export const MAX_TEXT = 40_000;
/** @see https://docs.slack.dev/reference/block-kit/blocks */
export const MAX_BLOCKS = 50;
const LIMITS = {
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  url: 3000,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  altText: 2000,
  markdownText: 12_000,
} as const;

/** Block types that may appear in a message (input blocks belong to modals). */
const MESSAGE_BLOCK_TYPES = new Set(['section', 'header', 'context', 'actions', 'divider', 'image', 'rich_text', 'markdown', 'file', 'video', 'context_actions', 'table']);

export type ContentCheck =
  | { ok: true; text: string; blocks: unknown[] | undefined }
  | { ok: false; error: 'no_text' | 'msg_too_long' | 'invalid_blocks' | 'invalid_blocks_format'; errors?: string[] };

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates `text` + `blocks` (blocks already JSON-parsed, or {@link MALFORMED}). */
export function checkContent(text: string | undefined, blocks: unknown): ContentCheck {
  if (blocks === MALFORMED || (blocks !== undefined && !Array.isArray(blocks))) return { ok: false, error: 'invalid_blocks_format' };
  const list = blocks as unknown[] | undefined;
  const hasBlocks = list !== undefined && list.length > 0;
  if ((text === undefined || text.length === 0) && !hasBlocks) return { ok: false, error: 'no_text' };
  if (text !== undefined && text.length > MAX_TEXT) return { ok: false, error: 'msg_too_long' };
  if (hasBlocks) {
    const errors = blockErrors(list);
    if (errors.length > 0) return { ok: false, error: 'invalid_blocks', errors };
  }
  return { ok: true, text: text ?? '', blocks: hasBlocks ? list : undefined };
}

/** Parses `metadata`: an object with a string `event_type` and an object `event_payload`. */
export function checkMetadata(raw: unknown): { ok: true; metadata: MessageMetadata | undefined } | { ok: false; error: 'invalid_metadata_format' } {
  if (raw === undefined) return { ok: true, metadata: undefined };
  if (!isObj(raw) || typeof raw.event_type !== 'string' || raw.event_type.length === 0) return { ok: false, error: 'invalid_metadata_format' };
  const payload = raw.event_payload ?? {};
  if (!isObj(payload)) return { ok: false, error: 'invalid_metadata_format' };
  return { ok: true, metadata: { event_type: raw.event_type, event_payload: payload } };
}

function blockErrors(blocks: unknown[]): string[] {
  const errors: string[] = [];
  if (blocks.length > MAX_BLOCKS) errors.push(`must provide an array with no more than ${MAX_BLOCKS} items [json-pointer:/blocks]`);
  const blockIds = new Set<string>();
  blocks.slice(0, MAX_BLOCKS).forEach((block, index) => {
    const at = `/blocks/${index}`;
    if (!isObj(block) || typeof block.type !== 'string') {
      errors.push(`missing required field: type [json-pointer:${at}]`);
      return;
    }
    if (!MESSAGE_BLOCK_TYPES.has(block.type)) errors.push(`unsupported type: ${block.type} [json-pointer:${at}/type]`);
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id.length > LIMITS.blockId) errors.push(tooLong(LIMITS.blockId, `${at}/block_id`));
      else if (blockIds.has(block.block_id)) errors.push(`duplicate block_id [json-pointer:${at}/block_id]`);
      else blockIds.add(block.block_id);
    }
    errors.push(...checkBlock(block, at));
  });
  return errors;
}

function checkBlock(block: Obj, at: string): string[] {
  switch (block.type) {
    case 'section': {
      const errors: string[] = [];
      if (block.text === undefined && block.fields === undefined) errors.push(`must provide either text or fields [json-pointer:${at}]`);
      if (block.text !== undefined) errors.push(...checkTextObject(block.text, `${at}/text`, LIMITS.sectionText));
      if (block.fields !== undefined) {
        if (!Array.isArray(block.fields)) errors.push(`must be an array [json-pointer:${at}/fields]`);
        else {
          if (block.fields.length > LIMITS.sectionFields) errors.push(`must provide an array with no more than ${LIMITS.sectionFields} items [json-pointer:${at}/fields]`);
          block.fields.forEach((field, i) => errors.push(...checkTextObject(field, `${at}/fields/${i}`, LIMITS.fieldText)));
        }
      }
      if (block.accessory !== undefined) errors.push(...checkElement(block.accessory, `${at}/accessory`));
      return errors;
    }
    case 'header':
      return checkTextObject(block.text, `${at}/text`, LIMITS.headerText, 'plain_text');
    case 'context':
      return checkElementList(block.elements, `${at}/elements`, LIMITS.contextElements, (element, path) =>
        isObj(element) && element.type === 'image' ? checkImage(element, path) : checkTextObject(element, path, LIMITS.sectionText),
      );
    case 'actions':
      return checkElementList(block.elements, `${at}/elements`, LIMITS.actionsElements, checkElement);
    case 'image':
      return checkImage(block, at);
    case 'markdown':
      return typeof block.text !== 'string' ? [`missing required field: text [json-pointer:${at}/text]`] : block.text.length > LIMITS.markdownText ? [tooLong(LIMITS.markdownText, `${at}/text`)] : [];
    default:
      return [];
  }
}

function checkElementList(elements: unknown, at: string, max: number, check: (element: unknown, at: string) => string[]): string[] {
  if (!Array.isArray(elements) || elements.length === 0) return [`must provide an array with at least 1 item [json-pointer:${at}]`];
  const errors = elements.length > max ? [`must provide an array with no more than ${max} items [json-pointer:${at}]`] : [];
  elements.forEach((element, i) => errors.push(...check(element, `${at}/${i}`)));
  return errors;
}

function checkElement(element: unknown, at: string): string[] {
  if (!isObj(element) || typeof element.type !== 'string') return [`missing required field: type [json-pointer:${at}]`];
  if (element.type === 'image') return checkImage(element, at);
  const errors: string[] = [];
  if (element.action_id !== undefined && (typeof element.action_id !== 'string' || element.action_id.length > LIMITS.actionId)) errors.push(tooLong(LIMITS.actionId, `${at}/action_id`));
  if (element.type === 'button') {
    errors.push(...checkTextObject(element.text, `${at}/text`, LIMITS.buttonText, 'plain_text'));
    if (element.url !== undefined && (typeof element.url !== 'string' || element.url.length > LIMITS.url)) errors.push(tooLong(LIMITS.url, `${at}/url`));
    if (element.value !== undefined && (typeof element.value !== 'string' || element.value.length > LIMITS.buttonValue)) errors.push(tooLong(LIMITS.buttonValue, `${at}/value`));
  }
  return errors;
}

function checkImage(image: Obj, at: string): string[] {
  const errors: string[] = [];
  if (image.slack_file === undefined && (typeof image.image_url !== 'string' || image.image_url.length === 0)) errors.push(`missing required field: image_url [json-pointer:${at}/image_url]`);
  else if (typeof image.image_url === 'string' && image.image_url.length > LIMITS.url) errors.push(tooLong(LIMITS.url, `${at}/image_url`));
  if (typeof image.alt_text !== 'string' || image.alt_text.length === 0) errors.push(`missing required field: alt_text [json-pointer:${at}/alt_text]`);
  else if (image.alt_text.length > LIMITS.altText) errors.push(tooLong(LIMITS.altText, `${at}/alt_text`));
  return errors;
}

function checkTextObject(value: unknown, at: string, max: number, only?: 'plain_text'): string[] {
  if (!isObj(value)) return [`must be a text object [json-pointer:${at}]`];
  if (value.type !== 'plain_text' && value.type !== 'mrkdwn') return [`must be either plain_text or mrkdwn [json-pointer:${at}/type]`];
  if (only !== undefined && value.type !== only) return [`must be a valid enum value [json-pointer:${at}/type]`];
  if (typeof value.text !== 'string' || value.text.length === 0) return [`must be more than 0 characters [json-pointer:${at}/text]`];
  return value.text.length > max ? [tooLong(max, `${at}/text`)] : [];
}

function tooLong(max: number, at: string): string {
  return `must be less than ${max + 1} characters [json-pointer:${at}]`;
}
