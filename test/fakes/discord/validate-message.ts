// Checks a message body the way Discord does for the limits that bite a news bot (lengths, embed
// size, components, nonce, allowed_mentions) and reports them in Discord's 50035 error shape.
// @see https://discord.com/developers/docs/resources/message#embed-object-embed-limits
import type { Json } from './types.js';

/** One problem at one place in the body, e.g. `['embeds', 0, 'title']`. */
export interface FieldError {
  path: (string | number)[];
  code: string;
  message: string;
}

const MESSAGE_FLAG_EPHEMERAL = 1 << 6;
const MESSAGE_FLAG_COMPONENTS_V2 = 1 << 15;

/** `{ code: 50035, message: 'Invalid Form Body', errors }` with errors nested by path. */
export function invalidFormBody(errors: readonly FieldError[]): Json {
  const root: Json = {};
  for (const e of errors) {
    let node = root;
    for (const key of e.path) {
      const k = String(key);
      const next = node[k];
      node = typeof next === 'object' && next !== null ? (next as Json) : (node[k] = {} as Json);
    }
    const list = (node['_errors'] ??= []) as Json[];
    list.push({ code: e.code, message: e.message });
  }
  return { code: 50035, message: 'Invalid Form Body', errors: root };
}

/** True when a create body has nothing to show (Discord answers 50006). */
export function isEmptyMessage(body: Json, fileCount: number): boolean {
  const has = (key: string): boolean => {
    const v = body[key];
    return Array.isArray(v) ? v.length > 0 : typeof v === 'string' ? v.length > 0 : v !== undefined && v !== null;
  };
  return fileCount === 0 && !has('content') && !has('embeds') && !has('components') && !has('sticker_ids') && !has('poll') && !has('attachments');
}

/** Every limit the body breaks; empty when Discord would accept it. `ephemeralAllowed` for interaction responses. */
export function validateMessageBody(body: Json, ephemeralAllowed = false): FieldError[] {
  const errors: FieldError[] = [];
  const maxLength = (path: FieldError['path'], value: unknown, max: number): void => {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string') errors.push({ path, code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
    else if ([...value].length > max) errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  };
  const required = (path: FieldError['path'], value: unknown): boolean => {
    if (value === undefined || value === null || value === '') {
      errors.push({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
      return false;
    }
    return true;
  };
  const url = (path: FieldError['path'], value: unknown, max = 2048): void => {
    if (value === undefined || value === null) return;
    if (typeof value !== 'string' || !isWellFormedUrl(value)) errors.push({ path, code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' });
    else maxLength(path, value, max);
  };

  maxLength(['content'], body['content'], 2000);
  checkNonce(body, errors);
  checkFlags(body, ephemeralAllowed, errors);
  checkAllowedMentions(body['allowed_mentions'], errors);

  const embeds = body['embeds'];
  if (embeds !== undefined && embeds !== null) {
    if (!Array.isArray(embeds)) errors.push({ path: ['embeds'], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' });
    else {
      if (embeds.length > 10) errors.push({ path: ['embeds'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
      let total = 0;
      embeds.forEach((raw: unknown, i) => {
        const embed = (typeof raw === 'object' && raw !== null ? raw : {}) as Json;
        const at = (...rest: (string | number)[]): FieldError['path'] => ['embeds', i, ...rest];
        maxLength(at('title'), embed['title'], 256);
        maxLength(at('description'), embed['description'], 4096);
        url(at('url'), embed['url']);
        total += textLength(embed['title']) + textLength(embed['description']);
        const footer = embed['footer'] as Json | undefined;
        if (footer !== undefined && footer !== null && required(at('footer', 'text'), footer['text'])) {
          maxLength(at('footer', 'text'), footer['text'], 2048);
          total += textLength(footer['text']);
        }
        const author = embed['author'] as Json | undefined;
        if (author !== undefined && author !== null && required(at('author', 'name'), author['name'])) {
          maxLength(at('author', 'name'), author['name'], 256);
          url(at('author', 'url'), author['url']);
          total += textLength(author['name']);
        }
        for (const media of ['image', 'thumbnail'] as const) {
          const m = embed[media] as Json | undefined;
          if (m !== undefined && m !== null) url(at(media, 'url'), m['url']);
        }
        const fields = embed['fields'];
        if (Array.isArray(fields)) {
          if (fields.length > 25) errors.push({ path: at('fields'), code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
          fields.forEach((f: unknown, j) => {
            const field = (typeof f === 'object' && f !== null ? f : {}) as Json;
            if (required(at('fields', j, 'name'), field['name'])) maxLength(at('fields', j, 'name'), field['name'], 256);
            if (required(at('fields', j, 'value'), field['value'])) maxLength(at('fields', j, 'value'), field['value'], 1024);
            total += textLength(field['name']) + textLength(field['value']);
          });
        }
      });
      // The 6000 limit is over all embeds of the message together.
      if (total > 6000) errors.push({ path: ['embeds'], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
    }
  }
  checkComponents(body, errors, url);
  return errors;
}

function checkNonce(body: Json, errors: FieldError[]): void {
  const nonce = body['nonce'];
  if (nonce === undefined || nonce === null) return;
  if (typeof nonce === 'string' ? nonce.length > 25 : !Number.isInteger(nonce)) {
    errors.push({ path: ['nonce'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  }
}

function checkFlags(body: Json, ephemeralAllowed: boolean, errors: FieldError[]): void {
  const flags = body['flags'];
  if (flags === undefined || flags === null) return;
  // Senders may set SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2 and, in interactions, EPHEMERAL.
  const allowed = (1 << 2) | (1 << 12) | MESSAGE_FLAG_COMPONENTS_V2 | (ephemeralAllowed ? MESSAGE_FLAG_EPHEMERAL : 0);
  if (typeof flags !== 'number' || (flags & ~allowed) !== 0) {
    errors.push({ path: ['flags'], code: 'MESSAGE_FLAGS_INVALID', message: 'Invalid flags for this message.' });
  }
}

function checkAllowedMentions(value: unknown, errors: FieldError[]): void {
  if (value === undefined || value === null) return;
  const am = value as Json;
  const parse = Array.isArray(am['parse']) ? (am['parse'] as unknown[]) : [];
  for (const [i, p] of parse.entries()) {
    if (p !== 'users' && p !== 'roles' && p !== 'everyone') errors.push({ path: ['allowed_mentions', 'parse', i], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of {"users", "roles", "everyone"}.' });
  }
  for (const kind of ['users', 'roles'] as const) {
    const list = am[kind];
    if (!Array.isArray(list)) continue;
    if (list.length > 100) errors.push({ path: ['allowed_mentions', kind], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
    if (list.length > 0 && parse.includes(kind)) {
      errors.push({ path: ['allowed_mentions'], code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE', message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.` });
    }
  }
}

function checkComponents(body: Json, errors: FieldError[], url: (path: FieldError['path'], value: unknown, max?: number) => void): void {
  const rows = body['components'];
  if (!Array.isArray(rows)) return;
  const flags = typeof body['flags'] === 'number' ? body['flags'] : 0;
  // Components V2 messages lay out up to 40 components freely; classic messages have ≤ 5 action rows.
  if ((flags & MESSAGE_FLAG_COMPONENTS_V2) !== 0) return;
  if (rows.length > 5) errors.push({ path: ['components'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 5 or fewer in length.' });
  rows.forEach((raw: unknown, i) => {
    const row = (raw ?? {}) as Json;
    if (row['type'] !== 1) {
      errors.push({ path: ['components', i, 'type'], code: 'UNION_TYPE_CHOICES', message: 'Value of field "type" must be one of (1,).' });
      return;
    }
    const children = Array.isArray(row['components']) ? (row['components'] as unknown[]) : [];
    if (children.length < 1 || children.length > 5) errors.push({ path: ['components', i, 'components'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 5 in length.' });
    children.forEach((c: unknown, j) => {
      const component = (c ?? {}) as Json;
      const at = (...rest: string[]): FieldError['path'] => ['components', i, 'components', j, ...rest];
      if (component['custom_id'] !== undefined && typeof component['custom_id'] === 'string' && component['custom_id'].length > 100) {
        errors.push({ path: at('custom_id'), code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
      }
      if (component['type'] !== 2) return;
      const label = component['label'];
      if (typeof label === 'string' && [...label].length > 80) errors.push({ path: at('label'), code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 80 or fewer in length.' });
      if (component['style'] === 5) {
        if (component['url'] === undefined) errors.push({ path: at('url'), code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
        else url(at('url'), component['url'], 512);
        if (component['custom_id'] !== undefined) errors.push({ path: at('custom_id'), code: 'COMPONENT_CUSTOM_ID_NOT_ALLOWED', message: 'A link button cannot have a custom_id.' });
      } else if (component['style'] !== 6 && (component['custom_id'] === undefined || component['custom_id'] === '')) {
        errors.push({ path: at('custom_id'), code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
      }
    });
  });
}

function textLength(value: unknown): number {
  return typeof value === 'string' ? [...value].length : 0;
}

function isWellFormedUrl(value: string): boolean {
  if (value.startsWith('attachment://')) return value.length > 'attachment://'.length;
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}
