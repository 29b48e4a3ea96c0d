// Interaction responses: the callback (reply, defer, update, autocomplete, modal) within Discord's
// 3-second deadline, then @original edits and follow-ups through the interaction webhook.
// @see https://discord.com/developers/docs/interactions/receiving-and-responding#responding-to-an-interaction
import { INTENTS } from './context.js';
import type { FakeContext } from './context.js';
import { apiError } from './http-io.js';
import type { Reply } from './http-io.js';
import type { InteractionRegistry, InteractionState } from './interactions.js';
import type { StoredMessage } from './messages.js';
import { route } from './rest-server.js';
import type { RouteContext, RouteDef } from './rest-server.js';
import { gatewayMessage } from './routes-channels.js';
import type { Json } from './types.js';
import { invalidFormBody, isEmptyMessage, validateMessageBody } from './validate-message.js';
import { userJson } from './world-json.js';

const EPHEMERAL = 1 << 6;
const LOADING = 1 << 7;

/** Callback types each interaction type accepts (2 command, 3 component, 4 autocomplete). */
const ALLOWED_CALLBACKS: Record<number, readonly number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8] };

export function interactionRoutes(ctx: FakeContext, registry: InteractionRegistry): RouteDef[] {
  const asObject = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});

  const post = (state: InteractionState, data: Json, flags: number): StoredMessage => {
    const { built } = state;
    const user = ctx.world.users.get(built.userId);
    const ephemeral = (flags & EPHEMERAL) !== 0;
    const stored = ctx.messages.create({
      channel: built.channel,
      body: data,
      authorId: ctx.world.botId,
      type: built.type === 2 ? 20 : 0,
      flags,
      listed: !ephemeral,
      extra: {
        application_id: ctx.options.applicationId,
        webhook_id: ctx.options.applicationId,
        interaction_metadata: { id: built.id, type: built.type, user: user === undefined ? { id: built.userId } : userJson(user), authorizing_integration_owners: { '0': built.guild.id }, ...(built.commandName === undefined ? {} : { name: built.commandName }) },
      },
    });
    if (!ephemeral) ctx.dispatch('MESSAGE_CREATE', () => gatewayMessage(ctx, stored, built.channel), INTENTS.GuildMessages);
    return stored;
  };

  const edit = (state: InteractionState, stored: StoredMessage, body: Json): void => {
    const before = stored.message['flags'] as number;
    const wasLoading = (before & LOADING) !== 0;
    ctx.messages.edit(stored, body, state.built.channel);
    // Ephemerality is fixed at creation; the first edit of a deferred reply just fills it in.
    const requested = typeof body['flags'] === 'number' ? body['flags'] : before;
    const keep = before & EPHEMERAL;
    stored.message['flags'] = keep | (requested & ~EPHEMERAL & ~LOADING);
    if (wasLoading) stored.message['edited_timestamp'] = null;
    if (keep === 0) ctx.dispatch('MESSAGE_UPDATE', () => gatewayMessage(ctx, stored, state.built.channel), INTENTS.GuildMessages);
  };

  const callback = (route: RouteContext): Reply => {
    const state = registry.byId(route.params['interaction_id'] ?? '');
    if (state === undefined || state.built.token !== route.params['interaction_token']) return apiError(404, 10062);
    state.exchange.requests.push(route.request);
    route.afterReply(() => registry.changed(state));
    return respond(state, route);
  };

  const respond = (state: InteractionState, { body: raw, query, request, now }: RouteContext): Reply => {
    if (state.acknowledged) return apiError(400, 40060);
    if (now - state.createdAt > ctx.options.interactionDeadlineMs) return apiError(404, 10062);
    const body = asObject(raw);
    const type = body['type'];
    if (typeof type !== 'number' || !(ALLOWED_CALLBACKS[state.built.type] ?? []).includes(type)) {
      return { status: 400, body: invalidFormBody([{ path: ['type'], code: 'INTERACTION_RESPONSE_TYPE_INVALID', message: 'Interaction response type is not valid for this interaction' }]) };
    }
    const data = asObject(body['data']);
    if (type === 4 || type === 7) {
      const errors = validateMessageBody(data, true);
      if (errors.length > 0) return { status: 400, body: invalidFormBody(errors.map((e) => ({ ...e, path: ['data', ...e.path] }))) };
      if (type === 4 && isEmptyMessage(data, request.files.length)) return apiError(400, 50006);
    }
    if (type === 8) {
      const choices = data['choices'];
      if (!Array.isArray(choices) || choices.length > 25) {
        return { status: 400, body: invalidFormBody([{ path: ['data', 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }]) };
      }
    }
    state.acknowledged = true;
    state.exchange.callback = body;
    const flags = typeof data['flags'] === 'number' ? data['flags'] : 0;
    if (type === 4) state.original = post(state, data, flags);
    if (type === 5) state.original = post(state, { content: '' }, (flags & EPHEMERAL) | LOADING);
    if (type === 7 && state.original !== undefined) edit(state, state.original, data);
    state.exchange.original = state.original?.message;
    if (query.get('with_response') !== 'true') return { status: 204 };
    const message = state.original?.message;
    return {
      status: 200,
      body: {
        interaction: {
          id: state.built.id,
          type: state.built.type,
          activity_instance_id: null,
          response_message_id: message?.['id'] ?? null,
          response_message_loading: type === 5,
          response_message_ephemeral: (((message?.['flags'] as number | undefined) ?? 0) & EPHEMERAL) !== 0,
        },
        resource: { type, ...(message === undefined || type === 8 ? {} : { message }) },
      },
    };
  };

  /** The interaction behind a webhook path, or Discord's answer for a bad one. */
  const webhookState = ({ params, request, now, afterReply }: RouteContext): InteractionState | Reply => {
    if (params['webhook_id'] !== ctx.options.applicationId) return apiError(404, 10015);
    const state = registry.byToken(params['webhook_token'] ?? '');
    if (state === undefined) return apiError(404, 10015);
    state.exchange.requests.push(request);
    // Waiters see the exchange once this request's answer is recorded too.
    afterReply(() => registry.changed(state));
    if (now - state.createdAt > ctx.options.interactionTokenTtlMs) return apiError(401, 50027);
    // The interaction webhook exists only once the interaction is acknowledged.
    if (!state.acknowledged) return apiError(404, 10015);
    return state;
  };
  const target = (state: InteractionState, messageId: string | undefined): StoredMessage | Reply => {
    const stored = messageId === '@original' ? state.original : state.followUps.get(messageId ?? '');
    return stored === undefined || stored.deleted ? apiError(404, 10008) : stored;
  };

  const base = '/webhooks/:webhook_id/:webhook_token';
  const opts = { auth: false } as const;
  return [
    route('POST', '/interactions/:interaction_id/:interaction_token/callback', callback, { auth: false, limit: 'none' }),
    route('GET', `${base}/messages/:message_id`, (rc) => {
      const { params } = rc;
      const state = webhookState(rc);
      if (!('built' in state)) return state;
      const stored = target(state, params['message_id']);
      return 'message' in stored ? { status: 200, body: stored.message } : stored;
    }, opts),
    route('PATCH', `${base}/messages/:message_id`, (rc) => {
      const { params, body: raw } = rc;
      const state = webhookState(rc);
      if (!('built' in state)) return state;
      const stored = target(state, params['message_id']);
      if (!('message' in stored)) return stored;
      const body = asObject(raw);
      const errors = validateMessageBody(body, true);
      if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
      edit(state, stored, body);
      if (params['message_id'] === '@original') {
        state.exchange.edits.push(body);
        state.exchange.original = stored.message;
      }
      return { status: 200, body: stored.message };
    }, opts),
    route('DELETE', `${base}/messages/:message_id`, (rc) => {
      const { params } = rc;
      const state = webhookState(rc);
      if (!('built' in state)) return state;
      const stored = target(state, params['message_id']);
      if (!('message' in stored)) return stored;
      ctx.messages.remove(stored);
      return { status: 204 };
    }, opts),
    route('POST', base, (rc) => {
      const { body: raw, query, request } = rc;
      const state = webhookState(rc);
      if (!('built' in state)) return state;
      const body = asObject(raw);
      const errors = validateMessageBody(body, true);
      if (errors.length > 0) return { status: 400, body: invalidFormBody(errors) };
      if (isEmptyMessage(body, request.files.length)) return apiError(400, 50006);
      state.exchange.followUps.push(body);
      let stored: StoredMessage;
      const original = state.original;
      if (original !== undefined && ((original.message['flags'] as number) & LOADING) !== 0) {
        // Discord quirk: the first follow-up after a deferral fills in the loading message.
        edit(state, original, body);
        stored = original;
        state.exchange.original = original.message;
      } else {
        stored = post(state, body, typeof body['flags'] === 'number' ? body['flags'] : 0);
        state.followUps.set(stored.id, stored);
      }
      return query.get('wait') === 'true' ? { status: 200, body: stored.message } : { status: 204 };
    }, opts),
  ];
}
