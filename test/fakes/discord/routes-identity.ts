// Who the bot is and where to connect: GET /gateway/bot, /users/@me, /applications/@me.
// @see https://discord.com/developers/docs/events/gateway#get-gateway-bot
import type { FakeContext } from './context.js';
import { apiError } from './http-io.js';
import { route } from './rest-server.js';
import type { RouteDef } from './rest-server.js';
import type { Json } from './types.js';
import { userJson } from './world-json.js';

export interface SessionBudget {
  remaining: number;
}

export function identityRoutes(ctx: FakeContext, budget: SessionBudget): RouteDef[] {
  const botUser = (): Json => {
    const user = ctx.world.users.get(ctx.world.botId);
    return user === undefined ? { id: ctx.world.botId } : { ...userJson(user), verified: true, mfa_enabled: false, email: null, locale: 'en-US' };
  };
  const gatewayUrl = (): string => `${ctx.origin.replace(/^http/, 'ws')}/gateway`;
  const application = (): Json => ({
    id: ctx.options.applicationId,
    name: ctx.options.botUsername,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    verify_key: '0'.repeat(64),
    flags: ctx.options.applicationFlags,
    owner: { id: '1300000000000000999', username: 'app-owner', discriminator: '0', global_name: null, avatar: null, public_flags: 0, flags: 0 },
    team: null,
    bot: botUser(),
    approximate_guild_count: ctx.world.guilds.size,
    approximate_user_install_count: 0,
    redirect_uris: [],
    interactions_endpoint_url: null,
    role_connections_verification_url: null,
    event_webhooks_url: null,
    event_webhooks_status: 1,
    tags: [],
    install_params: { scopes: ['bot', 'applications.commands'], permissions: '0' },
    integration_types_config: { '0': {} },
  });

  return [
    route('GET', '/gateway', () => ({ status: 200, body: { url: gatewayUrl() } }), { auth: false }),
    route('GET', '/gateway/bot', () => {
      const limit = ctx.options.sessionStartLimit;
      return {
        status: 200,
        body: {
          url: gatewayUrl(),
          shards: 1,
          session_start_limit: { total: limit.total, remaining: budget.remaining, reset_after: limit.resetAfterMs, max_concurrency: limit.maxConcurrency },
        },
      };
    }),
    route('GET', '/users/@me', () => ({ status: 200, body: botUser() })),
    route('GET', '/users/:user_id', ({ params }) => {
      const user = ctx.world.users.get(params['user_id'] ?? '');
      return user === undefined ? apiError(404, 10013) : { status: 200, body: userJson(user) };
    }),
    route('GET', '/applications/@me', () => ({ status: 200, body: application() })),
    route('GET', '/oauth2/applications/@me', () => ({ status: 200, body: application() })),
  ];
}
