// Slash commands in the fake Slack: the payload Slack sends for `/news …`, the response_url it
// hands out, and what the app answers through it (or in its ack) — what the user would see.
// @see https://docs.slack.dev/interactivity/implementing-slash-commands
import { randomBytes, randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http-io.js';
import { checkContent } from './validate-message.js';
import type { Workspace } from './workspace.js';

/** What a user typed, and where. Unset fields default to the regular member in the first open channel. */
export interface SlashCommandInput {
  command: string;
  text?: string;
  user_id?: string;
  channel_id?: string;
  team_id?: string;
  /** Any other payload field to add or override (e.g. `is_enterprise_install`). */
  extra?: Record<string, string>;
}

/** A reply the user sees: an ack with content, or a POST to the response_url. */
export interface RecordedResponse {
  source: 'ack' | 'response_url';
  command: string;
  user_id: string;
  channel_id: string;
  response_url: string;
  /** Slack's default is ephemeral. */
  response_type: 'ephemeral' | 'in_channel';
  text?: string;
  blocks?: unknown[];
  replace_original?: boolean;
  delete_original?: boolean;
  /** The body exactly as received. */
  body: Record<string, unknown>;
}

interface IssuedUrl {
  command: string;
  user_id: string;
  channel_id: string;
  uses: number;
}

/** Slack allows five responses per response_url (within 30 minutes). */
const MAX_USES = 5;

/** Issues response_urls under `baseUrl` and records what the app answers to them. */
export function createSlashCommands(ws: Workspace, baseUrl: string) {
  const issued = new Map<string, IssuedUrl>();
  const responses: RecordedResponse[] = [];
  let waiters: { count: number; resolve: (r: RecordedResponse[]) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }[] = [];

  const record = (response: RecordedResponse): void => {
    responses.push(response);
    // in_channel answers become ordinary channel messages, visible to everyone and in history.
    const channel = ws.channels.get(response.channel_id);
    if (response.response_type === 'in_channel' && channel !== undefined) {
      channel.messages.push({
        type: 'message',
        ts: ws.nextTs(),
        channel: response.channel_id,
        team: ws.team.id,
        user: ws.bot.userId,
        bot_id: ws.bot.botId,
        app_id: ws.bot.appId,
        text: response.text ?? '',
        ...(response.blocks === undefined ? {} : { blocks: response.blocks }),
      });
    }
    waiters = waiters.filter((waiter) => {
      if (responses.length < waiter.count) return true;
      clearTimeout(waiter.timer);
      waiter.resolve([...responses]);
      return false;
    });
  };

  const toResponse = (source: RecordedResponse['source'], url: string, origin: IssuedUrl, body: Record<string, unknown>): RecordedResponse => ({
    source,
    command: origin.command,
    user_id: origin.user_id,
    channel_id: origin.channel_id,
    response_url: url,
    response_type: body.response_type === 'in_channel' ? 'in_channel' : 'ephemeral',
    ...(typeof body.text === 'string' ? { text: body.text } : {}),
    ...(Array.isArray(body.blocks) ? { blocks: body.blocks as unknown[] } : {}),
    ...(typeof body.replace_original === 'boolean' ? { replace_original: body.replace_original } : {}),
    ...(typeof body.delete_original === 'boolean' ? { delete_original: body.delete_original } : {}),
    body,
  });

  return {
    responses,

    /** The form fields Slack sends for a slash command (the Socket Mode payload has the same ones). */
    payload(input: SlashCommandInput): Record<string, string> {
      const openChannel = [...ws.channels.values()].find((c) => c.seed.is_archived !== true && c.seed.is_private !== true);
      const channelId = input.channel_id ?? openChannel?.seed.id ?? 'C0GENERAL';
      const userId = input.user_id ?? [...ws.users.values()].find((u) => u.is_admin !== true && u.is_bot !== true)?.id ?? 'U0MEMBER';
      const path = `/commands/${ws.team.id}/${randomInt(1e9, 1e10)}/${randomBytes(12).toString('hex')}`;
      issued.set(path, { command: input.command, user_id: userId, channel_id: channelId, uses: 0 });
      return {
        token: 'fake-verification-token',
        team_id: input.team_id ?? ws.team.id,
        team_domain: ws.team.domain,
        channel_id: channelId,
        channel_name: ws.channels.get(channelId)?.seed.name ?? 'unknown',
        user_id: userId,
        user_name: ws.users.get(userId)?.name ?? 'unknown',
        command: input.command,
        text: input.text ?? '',
        api_app_id: ws.bot.appId,
        is_enterprise_install: 'false',
        response_url: `${baseUrl}${path}`,
        trigger_id: `${randomInt(1e9, 1e10)}.${randomInt(1e9, 1e10)}.${randomBytes(16).toString('hex')}`,
        ...input.extra,
      };
    },

    /** Records an ack's content as a reply (Slack shows it to the user); an empty ack shows nothing. */
    recordAck(responseUrl: string, payload: Record<string, unknown> | undefined): void {
      const origin = issued.get(new URL(responseUrl).pathname);
      if (payload === undefined || origin === undefined) return;
      if (payload.text === undefined && payload.blocks === undefined) return;
      record(toResponse('ack', responseUrl, origin, payload));
    },

    /** Handles a POST to an issued response_url; false when the path is not one. */
    async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
      if (!path.startsWith('/commands/')) return false;
      const origin = issued.get(path);
      const raw = await readBody(req);
      const refusal = origin === undefined ? 'expired_url' : origin.uses >= MAX_USES ? 'used_url' : undefined;
      const fields = parseObject(raw);
      const checked = fields === undefined || fields.delete_original === true ? undefined : checkContent(typeof fields.text === 'string' ? fields.text : undefined, fields.blocks);
      if (origin === undefined || refusal !== undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(refusal);
      } else if (fields === undefined || (checked !== undefined && !checked.ok)) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(checked !== undefined && !checked.ok ? checked.error : 'invalid_payload');
      } else {
        origin.uses += 1;
        record(toResponse('response_url', `${baseUrl}${path}`, origin, fields));
        sendJson(res, 200, { ok: true });
      }
      return true;
    },

    /** Resolves with every reply so far once there are at least `count`. */
    waitFor(count: number, timeoutMs: number): Promise<RecordedResponse[]> {
      if (responses.length >= count) return Promise.resolve([...responses]);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w.timer !== timer);
          reject(new Error(`fake Slack: ${responses.length} of ${count} slash command responses after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.push({ count, resolve, reject, timer });
      });
    },

    close(): void {
      for (const waiter of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new Error('fake Slack closed'));
      }
      waiters = [];
    },
  };
}

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
