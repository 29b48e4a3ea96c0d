// Application commands, global and per guild: bulk overwrite (PUT), create, edit, list, delete,
// validated like Discord (names, descriptions, option counts) and kept with stable ids.
// @see https://discord.com/developers/docs/interactions/application-commands#bulk-overwrite-global-application-commands
import type { FakeContext } from './context.js';
import { apiError } from './http-io.js';
import type { Reply } from './http-io.js';
import { route } from './rest-server.js';
import type { RouteContext, RouteDef } from './rest-server.js';
import type { Json } from './types.js';
import { invalidFormBody } from './validate-message.js';
import type { FieldError } from './validate-message.js';

/** Registered commands by scope: `'global'` or a guild id. */
export type CommandRegistry = Map<string, Json[]>;

const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

export function commandRoutes(ctx: FakeContext, registry: CommandRegistry): RouteDef[] {
  /** The scope key, or the error for a foreign application or a guild the bot is not in. */
  const scopeOf = (params: Record<string, string>): string | Reply => {
    if (params['application_id'] !== ctx.options.applicationId) return apiError(403, 20012);
    const guildId = params['guild_id'];
    if (guildId === undefined) return 'global';
    return ctx.world.guilds.has(guildId) ? guildId : apiError(403, 50001);
  };
  const toCommand = (scope: string, input: Json, existing: readonly Json[]): Json => {
    const type = typeof input['type'] === 'number' ? input['type'] : 1;
    const previous = existing.find((c) => c['name'] === input['name'] && c['type'] === type);
    return {
      id: previous?.['id'] ?? ctx.newId(),
      application_id: ctx.options.applicationId,
      version: ctx.newId(),
      default_member_permissions: input['default_member_permissions'] ?? null,
      type,
      name: input['name'],
      name_localizations: input['name_localizations'] ?? null,
      description: input['description'] ?? '',
      description_localizations: input['description_localizations'] ?? null,
      ...(scope === 'global' ? { dm_permission: input['dm_permission'] ?? true } : { guild_id: scope }),
      contexts: input['contexts'] ?? null,
      integration_types: input['integration_types'] ?? [0],
      nsfw: input['nsfw'] ?? false,
      ...(Array.isArray(input['options']) ? { options: input['options'] } : {}),
    };
  };
  const list = (scope: string): Json[] => registry.get(scope) ?? [];

  const bulkOverwrite = ({ params, body }: RouteContext): Reply => {
    const scope = scopeOf(params);
    if (typeof scope !== 'string') return scope;
    if (!Array.isArray(body)) return { status: 400, body: invalidFormBody([{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }]) };
    const inputs = body as Json[];
    const errors = inputs.flatMap((c, i) => validateCommand(c, [i]));
    const seen = new Set<string>();
    inputs.forEach((c, i) => {
      const key = `${String(c['type'] ?? 1)}:${String(c['name'])}`;
      if (seen.has(key)) errors.push({ path: [i, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
      seen.add(key);
    });
    if (inputs.filter((c) => (c['type'] ?? 1) === 1).length > 100) errors.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
    if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
    const existing = list(scope);
    const next = inputs.map((c) => toCommand(scope, c, existing));
    registry.set(scope, next);
    return { status: 200, body: next };
  };

  const create = ({ params, body }: RouteContext): Reply => {
    const scope = scopeOf(params);
    if (typeof scope !== 'string') return scope;
    const input = (body ?? {}) as Json;
    const errors = validateCommand(input, []);
    if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
    const existing = list(scope);
    const command = toCommand(scope, input, existing);
    const index = existing.findIndex((c) => c['id'] === command['id']);
    // Creating a command whose name exists updates it (200) instead of adding one (201).
    registry.set(scope, index >= 0 ? existing.map((c, i) => (i === index ? command : c)) : [...existing, command]);
    return { status: index >= 0 ? 200 : 201, body: command };
  };

  const findOne = (params: Record<string, string>): { scope: string; index: number } | Reply => {
    const scope = scopeOf(params);
    if (typeof scope !== 'string') return scope;
    const index = list(scope).findIndex((c) => c['id'] === params['command_id']);
    return index < 0 ? apiError(404, 10063) : { scope, index };
  };

  const edit = ({ params, body }: RouteContext): Reply => {
    const found = findOne(params);
    if ('status' in found) return found;
    const current = list(found.scope)[found.index] as Json;
    const merged = { ...current, ...(body as Json) };
    const errors = validateCommand(merged, []);
    if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
    const command = { ...toCommand(found.scope, merged, [current]), id: current['id'] };
    registry.set(found.scope, list(found.scope).map((c, i) => (i === found.index ? command : c)));
    return { status: 200, body: command };
  };

  const routes: RouteDef[] = [];
  for (const base of ['/applications/:application_id/commands', '/applications/:application_id/guilds/:guild_id/commands']) {
    routes.push(
      route('GET', base, ({ params }) => {
        const scope = scopeOf(params);
        return typeof scope === 'string' ? { status: 200, body: list(scope) } : scope;
      }),
      route('PUT', base, bulkOverwrite),
      route('POST', base, create),
      route('GET', `${base}/:command_id`, ({ params }) => {
        const found = findOne(params);
        return 'status' in found ? found : { status: 200, body: list(found.scope)[found.index] };
      }),
      route('PATCH', `${base}/:command_id`, edit),
      route('DELETE', `${base}/:command_id`, ({ params }) => {
        const found = findOne(params);
        if ('status' in found) return found;
        registry.set(found.scope, list(found.scope).filter((_c, i) => i !== found.index));
        return { status: 204 };
      }),
    );
  }
  return routes;
}

/** Discord's rules for a command and its options. */
function validateCommand(command: Json, at: (string | number)[]): FieldError[] {
  const errors: FieldError[] = [];
  const type = command['type'] ?? 1;
  const name = command['name'];
  const description = command['description'];
  if (typeof name !== 'string' || name.length === 0) errors.push({ path: [...at, 'name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  else if (type === 1 && (!NAME.test(name) || name !== name.toLowerCase())) {
    errors.push({ path: [...at, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: `Command name is invalid` });
  } else if ([...name].length > 32) errors.push({ path: [...at, 'name'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 32 in length.' });
  if (type === 1) {
    if (typeof description !== 'string' || description.length < 1 || [...description].length > 100) {
      errors.push({ path: [...at, 'description'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    }
  } else if (description !== undefined && description !== '' && description !== null) {
    errors.push({ path: [...at, 'description'], code: 'APPLICATION_COMMAND_DESCRIPTION_NOT_ALLOWED', message: 'Context menu commands cannot have a description' });
  }
  errors.push(...validateOptions(command['options'], [...at, 'options']));
  return errors;
}

function validateOptions(options: unknown, at: (string | number)[]): FieldError[] {
  if (options === undefined || options === null) return [];
  if (!Array.isArray(options)) return [{ path: at, code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }];
  const errors: FieldError[] = [];
  if (options.length > 25) errors.push({ path: at, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  let optionalSeen = false;
  options.forEach((raw: unknown, i) => {
    const option = (raw ?? {}) as Json;
    const name = option['name'];
    if (typeof name !== 'string' || !NAME.test(name) || name !== name.toLowerCase()) errors.push({ path: [...at, i, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
    const description = option['description'];
    if (typeof description !== 'string' || description.length < 1 || [...description].length > 100) {
      errors.push({ path: [...at, i, 'description'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' });
    }
    if (Array.isArray(option['choices']) && option['choices'].length > 25) errors.push({ path: [...at, i, 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    if (option['required'] === true && optionalSeen) errors.push({ path: [...at, i], code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', message: 'Required options must be placed before non-required options' });
    if (option['required'] !== true && option['type'] !== 1 && option['type'] !== 2) optionalSeen = true;
    errors.push(...validateOptions(option['options'], [...at, i, 'options']));
  });
  return errors;
}
