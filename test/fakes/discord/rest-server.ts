// The REST half of the fake: matches `/api/v10/...` routes, checks the bot token, applies injected
// failures, the global limit and per-route buckets in Discord's order, then runs the route and
// records the exchange.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { apiError, defaultCode, readBody } from './http-io.js';
import type { Reply } from './http-io.js';
import type { RateLimiter } from './rate-limits.js';
import type { FailureSpec, RateLimitHit, RateWindow, RecordedRequest } from './types.js';

/** What a route handler gets. */
export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  files: RecordedRequest['files'];
  request: RecordedRequest;
  now: number;
  /** Runs `fn` once the answer is recorded in `request` (status and response set). */
  afterReply: (fn: () => void) => void;
}

export interface RouteDef {
  method: string;
  /** Discord's route template, e.g. `/channels/:channel_id/messages`; also the bucket's name. */
  pattern: string;
  regex: RegExp;
  paramNames: string[];
  /** False for routes authorised by a token in the path (interaction callbacks, webhooks). */
  auth: boolean;
  /** The parameter whose value splits the bucket (Discord's "major parameter"). */
  major: string | undefined;
  /** Which window limits the route: the message window, the general route window, or none. */
  limit: 'message' | 'route' | 'none';
  handler: (ctx: RouteContext) => Reply | Promise<Reply>;
}

/** Declares a route; `:name` segments become params. */
export function route(
  method: string,
  pattern: string,
  handler: RouteDef['handler'],
  options: { auth?: boolean; major?: string; limit?: RouteDef['limit'] } = {},
): RouteDef {
  const paramNames: string[] = [];
  const source = pattern.replace(/:(\w+)/g, (_m, name: string) => {
    paramNames.push(name);
    return '([^/]+)';
  });
  const major = options.major ?? ['channel_id', 'guild_id', 'webhook_id'].find((p) => paramNames.includes(p));
  return { method, pattern, regex: new RegExp(`^${source}$`), paramNames, auth: options.auth ?? true, major, limit: options.limit ?? 'route', handler };
}

export interface RestServerDeps {
  routes: readonly RouteDef[];
  token: string;
  limiter: RateLimiter;
  messageWindow: RateWindow;
  routeWindow: RateWindow;
  requests: RecordedRequest[];
  rateLimitHits: RateLimitHit[];
  internalErrors: unknown[];
}

export interface RestServer {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  failNext(spec: FailureSpec): void;
}

export function createRestServer(deps: RestServerDeps): RestServer {
  const failures: { spec: FailureSpec; remaining: number }[] = [];

  const takeFailure = (method: string, path: string): FailureSpec | undefined => {
    const hit = failures.find(
      (f) => f.remaining > 0 && (f.spec.method === undefined || f.spec.method.toUpperCase() === method) && (typeof f.spec.path === 'string' ? f.spec.path === path : f.spec.path.test(path)),
    );
    if (hit === undefined) return undefined;
    hit.remaining -= 1;
    if (hit.remaining === 0) failures.splice(failures.indexOf(hit), 1);
    return hit.spec;
  };

  const rateLimited = (record: RecordedRequest, scope: RateLimitHit['scope'], retryAfter: number, injected: boolean, headers: Record<string, string>): Reply => {
    deps.rateLimitHits.push({ method: record.method, path: record.path, scope, retryAfter, injected });
    const global = scope === 'global';
    return {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global },
      headers: {
        ...headers,
        'retry-after': String(Math.ceil(retryAfter)),
        'x-ratelimit-scope': scope,
        ...(global ? { 'x-ratelimit-global': 'true' } : {}),
      },
    };
  };

  const injected = (record: RecordedRequest, spec: FailureSpec, def: RouteDef, now: number): Reply => {
    if (spec.hang === true || spec.drop === true) return { status: 0, transport: spec.hang === true ? 'hang' : 'drop' };
    const status = spec.status ?? 500;
    if (status === 429) {
      const retryAfter = spec.retryAfter ?? 1;
      const window = def.limit === 'message' ? deps.messageWindow : deps.routeWindow;
      const bucket = spec.global === true ? {} : deps.limiter.peekHeaders(`${def.method} ${def.pattern}`, window, retryAfter, now);
      const reply = rateLimited(record, spec.global === true ? 'global' : 'user', retryAfter, true, { ...bucket, ...spec.headers });
      return spec.body === undefined ? reply : { ...reply, body: spec.body };
    }
    const base = apiError(status, spec.code ?? defaultCode(status), spec.message);
    return { status, body: spec.body ?? base.body, headers: spec.headers ?? {} };
  };

  const answer = async (req: IncomingMessage, record: RecordedRequest, afterReply: RouteContext['afterReply']): Promise<Reply> => {
    const version = /^\/api\/v(\d+)(\/.*)$/.exec(record.url.split('?')[0] ?? '');
    if (version === null) return apiError(404, 0);
    if (version[1] !== '10' && version[1] !== '9') return apiError(400, 50041);
    const path = version[2] ?? '/';
    record.path = path;
    const { body, files, error } = await readBody(req);
    record.body = body;
    record.files = files;
    if (error !== undefined) return error;

    const candidates = deps.routes.filter((r) => r.regex.test(path));
    if (candidates.length === 0) return apiError(404, 0);
    const def = candidates.find((r) => r.method === record.method);
    if (def === undefined) return apiError(405, 0);
    const match = def.regex.exec(path) ?? [];
    const params: Record<string, string> = {};
    def.paramNames.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1] ?? '')));

    if (def.auth && record.headers.authorization !== `Bot ${deps.token}`) return apiError(401, 0);
    const now = Date.now();
    const failure = takeFailure(record.method, path);
    if (failure !== undefined && failure.afterProcessing !== true) return injected(record, failure, def, now);
    // Interaction and webhook-token routes are outside the global limit, as on Discord.
    if (def.auth) {
      const global = deps.limiter.takeGlobal(now);
      if (!global.ok) return rateLimited(record, 'global', global.retryAfter, false, {});
    }
    let bucketHeaders: Record<string, string> = {};
    if (def.limit !== 'none') {
      const check = deps.limiter.takeRoute(`${def.method} ${def.pattern}`, majorOf(def, params), def.limit === 'message' ? deps.messageWindow : deps.routeWindow, now);
      if (!check.ok) return rateLimited(record, 'user', check.retryAfter, false, check.headers);
      bucketHeaders = check.headers;
    }
    const reply = await def.handler({ params, query: record.query, body, files, request: record, now, afterReply });
    if (failure !== undefined) return injected(record, failure, def, now);
    return { ...reply, headers: { ...bucketHeaders, ...reply.headers } };
  };

  return {
    failNext(spec) {
      failures.push({ spec, remaining: spec.times ?? 1 });
    },
    async handle(req, res) {
      const url = req.url ?? '/';
      const record: RecordedRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.split('?')[0] ?? '/',
        url,
        query: new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?') + 1) : ''),
        headers: req.headers,
        body: undefined,
        files: [],
        status: 0,
        outcome: 'answered',
        response: undefined,
        at: Date.now(),
      };
      deps.requests.push(record);
      const after: (() => void)[] = [];
      let reply: Reply;
      try {
        reply = await answer(req, record, (fn) => after.push(fn));
      } catch (error) {
        deps.internalErrors.push(error);
        reply = apiError(500, 0);
      }
      record.status = reply.status;
      record.response = reply.body;
      for (const fn of after) fn();
      if (res.destroyed) return;
      if (reply.transport === 'hang') {
        // The socket stays open until the client gives up or close() destroys it.
        record.outcome = 'hung';
        return;
      }
      if (reply.transport === 'drop') {
        record.outcome = 'dropped';
        req.socket.resetAndDestroy();
        return;
      }
      const headers: Record<string, string> = { ...reply.headers };
      if (reply.status === 204 || reply.body === undefined) {
        res.writeHead(reply.status, headers).end();
      } else {
        const text = JSON.stringify(reply.body);
        headers['content-type'] = 'application/json';
        headers['content-length'] = String(Buffer.byteLength(text));
        res.writeHead(reply.status, headers).end(text);
      }
    },
  };
}

function majorOf(def: RouteDef, params: Record<string, string>): string {
  return def.major === undefined ? 'global' : (params[def.major] ?? 'global');
}
