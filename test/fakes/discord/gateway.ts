// The gateway half of the fake: HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeats, RESUME with
// replay, Discord's close codes for protocol mistakes, and dispatches filtered by intents.
// @see https://discord.com/developers/docs/events/gateway
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import { INTENTS, PRIVILEGED_INTENTS } from './context.js';
import type { FakeContext } from './context.js';
import type { SessionBudget } from './routes-identity.js';
import type { IdentifyRecord, Json, ResumeRecord } from './types.js';
import { guildCreateJson, memberJson, userJson } from './world-json.js';

interface Session {
  id: string;
  seq: number;
  intents: number;
  shard: [number, number];
  socket: WebSocket | undefined;
  /** Sent dispatches kept for RESUME replay (the most recent 1000). */
  events: { s: number; text: string }[];
}

export interface Gateway {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  dispatch(event: string, data: Json | (() => Json), intent?: number): void;
  /** Sessions that completed IDENTIFY or RESUME and have an open socket. */
  liveSessions(): number;
  heartbeats(): number;
  /** Sends op 7 RECONNECT: discord.js closes and RESUMEs. */
  requestReconnect(): void;
  /** Closes every connection with `code`, or drops it without a close frame when omitted. */
  drop(code?: number): void;
  /** Sends op 9 INVALID_SESSION; when not resumable the sessions are forgotten. */
  invalidateSessions(resumable: boolean): void;
  close(): void;
}

const OP = { Dispatch: 0, Heartbeat: 1, Identify: 2, PresenceUpdate: 3, VoiceStateUpdate: 4, Resume: 6, Reconnect: 7, RequestGuildMembers: 8, InvalidSession: 9, Hello: 10, HeartbeatAck: 11 } as const;

export function createGateway(ctx: FakeContext, budget: SessionBudget, identifies: IdentifyRecord[], resumes: ResumeRecord[]): Gateway {
  const wss = new WebSocketServer({ noServer: true });
  const sessions = new Map<string, Session>();
  const bySocket = new Map<WebSocket, Session | undefined>();
  let heartbeats = 0;

  const send = (ws: WebSocket, payload: Json | string): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(typeof payload === 'string' ? payload : JSON.stringify(payload));
  };
  const emit = (session: Session, t: string, d: Json): void => {
    session.seq += 1;
    const text = JSON.stringify({ op: OP.Dispatch, t, s: session.seq, d });
    session.events.push({ s: session.seq, text });
    if (session.events.length > 1000) session.events.shift();
    if (session.socket !== undefined) send(session.socket, text);
  };
  const onShard = (guildId: string, [id, count]: [number, number]): boolean => Number((BigInt(guildId) >> 22n) % BigInt(count)) === id;

  const identify = (ws: WebSocket, d: Json): void => {
    const token = String(d['token'] ?? '');
    const intents = d['intents'];
    const shard = Array.isArray(d['shard']) ? (d['shard'] as [number, number]) : undefined;
    const accepted = token === ctx.options.token || token === `Bot ${ctx.options.token}`;
    identifies.push({ token, intents: typeof intents === 'number' ? intents : -1, shard, properties: (d['properties'] ?? {}) as Json, accepted, at: Date.now() });
    if (!accepted) return ws.close(4004, 'Authentication failed.');
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0) return ws.close(4013, 'Invalid intent(s).');
    if ((intents & PRIVILEGED_INTENTS & ~ctx.options.allowedPrivilegedIntents) !== 0) return ws.close(4014, 'Disallowed intent(s).');
    const [shardId, shardCount] = shard ?? [0, 1];
    if (!Number.isInteger(shardId) || !Number.isInteger(shardCount) || shardCount < 1 || shardId < 0 || shardId >= shardCount) return ws.close(4010, 'Invalid shard.');
    budget.remaining = Math.max(0, budget.remaining - 1);
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, intents, shard: [shardId, shardCount], socket: ws, events: [] };
    sessions.set(session.id, session);
    bySocket.set(ws, session);
    const guilds = [...ctx.world.guilds.values()].filter((g) => onShard(g.id, session.shard));
    const bot = ctx.world.users.get(ctx.world.botId);
    emit(session, 'READY', {
      v: 10,
      user: bot === undefined ? { id: ctx.world.botId } : { ...userJson(bot), verified: true, mfa_enabled: false, email: null },
      user_settings: {},
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: `${ctx.origin.replace(/^http/, 'ws')}/resume`,
      shard: session.shard,
      application: { id: ctx.options.applicationId, flags: ctx.options.applicationFlags },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['us-east'],
      _trace: ['["fake-discord",{"micros":0}]'],
    });
    // Guilds arrive after READY, only for the Guilds intent; members beyond the bot need a privileged intent.
    if ((intents & INTENTS.Guilds) === 0) return;
    const allMembers = (intents & (INTENTS.GuildMembers | INTENTS.GuildPresences)) !== 0;
    for (const guild of guilds) emit(session, 'GUILD_CREATE', guildCreateJson(ctx.world, guild, allMembers));
  };

  const resume = (ws: WebSocket, d: Json): void => {
    const sessionId = String(d['session_id'] ?? '');
    const seq = Number(d['seq'] ?? 0);
    if (d['token'] !== ctx.options.token && d['token'] !== `Bot ${ctx.options.token}`) return ws.close(4004, 'Authentication failed.');
    const session = sessions.get(sessionId);
    if (session === undefined || seq > session.seq) {
      resumes.push({ sessionId, seq, replayed: 0, accepted: false });
      return send(ws, { op: OP.InvalidSession, d: false, s: null, t: null });
    }
    const previous = session.socket;
    session.socket = ws;
    bySocket.set(ws, session);
    if (previous !== undefined && previous !== ws) previous.close(4009, 'Session resumed elsewhere.');
    const missed = session.events.filter((e) => e.s > seq);
    for (const event of missed) send(ws, event.text);
    resumes.push({ sessionId, seq, replayed: missed.length, accepted: true });
    emit(session, 'RESUMED', { _trace: ['["fake-discord",{"micros":0}]'] });
  };

  const requestMembers = (session: Session, d: Json): void => {
    const guild = ctx.world.guilds.get(String(d['guild_id'] ?? ''));
    if (guild === undefined) return;
    const ids = Array.isArray(d['user_ids']) ? (d['user_ids'] as unknown[]).map(String) : undefined;
    const query = typeof d['query'] === 'string' ? d['query'].toLowerCase() : '';
    const members = [...guild.members.values()].filter((m) =>
      ids !== undefined ? ids.includes(m.userId) : (ctx.world.users.get(m.userId)?.username.toLowerCase().startsWith(query) ?? false),
    );
    const limit = typeof d['limit'] === 'number' && d['limit'] > 0 ? d['limit'] : members.length;
    emit(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guild.id,
      members: members.slice(0, limit).map((m) => memberJson(ctx.world, m)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: ids === undefined ? [] : ids.filter((id) => !guild.members.has(id)),
      ...(d['nonce'] === undefined ? {} : { nonce: d['nonce'] }),
    });
  };

  const onMessage = (ws: WebSocket, raw: RawData): void => {
    let payload: Json;
    try {
      payload = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : Buffer.concat(raw as Buffer[]).toString('utf8')) as Json;
    } catch {
      return ws.close(4002, 'Error while decoding payload.');
    }
    const d = (payload['d'] ?? {}) as Json;
    const session = bySocket.get(ws);
    switch (payload['op']) {
      case OP.Heartbeat:
        heartbeats += 1;
        return send(ws, { op: OP.HeartbeatAck, d: null, s: null, t: null });
      case OP.Identify:
        return session === undefined ? identify(ws, d) : ws.close(4005, 'Already authenticated.');
      case OP.Resume:
        return session === undefined ? resume(ws, d) : ws.close(4005, 'Already authenticated.');
      case OP.PresenceUpdate:
      case OP.VoiceStateUpdate:
      case OP.RequestGuildMembers:
        if (session === undefined) return ws.close(4003, 'Not authenticated.');
        if (payload['op'] === OP.RequestGuildMembers) requestMembers(session, d);
        return;
      default:
        return ws.close(4001, 'Unknown opcode.');
    }
  };

  const onConnection = (ws: WebSocket, req: IncomingMessage): void => {
    bySocket.set(ws, undefined);
    ws.on('message', (raw) => onMessage(ws, raw));
    ws.on('close', (code) => {
      const session = bySocket.get(ws);
      bySocket.delete(ws);
      if (session?.socket !== ws) return;
      session.socket = undefined;
      // Closing with 1000/1001 ends the session on Discord; any other code keeps it resumable.
      if (code === 1000 || code === 1001) sessions.delete(session.id);
    });
    ws.on('error', () => undefined);
    const query = new URL(req.url ?? '/', 'ws://fake').searchParams;
    if (query.get('v') !== '10' && query.get('v') !== '9') return ws.close(4012, 'Invalid API version.');
    if ((query.get('encoding') ?? 'json') !== 'json') return ws.close(4002, 'fake-discord speaks encoding=json only.');
    send(ws, { op: OP.Hello, d: { heartbeat_interval: ctx.options.heartbeatIntervalMs, _trace: ['["fake-discord",{"micros":0}]'] }, s: null, t: null });
  };

  return {
    handleUpgrade(req, socket, head) {
      const path = (req.url ?? '/').split('?')[0];
      if (path !== '/gateway' && path !== '/resume') {
        socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws, req));
    },
    dispatch(event, data, intent) {
      let payload: Json | undefined;
      for (const session of sessions.values()) {
        if (intent !== undefined && (session.intents & intent) === 0) continue;
        payload ??= typeof data === 'function' ? data() : data;
        emit(session, event, payload);
      }
    },
    liveSessions: () => [...sessions.values()].filter((s) => s.socket?.readyState === WebSocket.OPEN).length,
    heartbeats: () => heartbeats,
    requestReconnect() {
      for (const ws of bySocket.keys()) send(ws, { op: OP.Reconnect, d: null, s: null, t: null });
    },
    drop(code) {
      for (const ws of bySocket.keys()) {
        if (code === undefined) ws.terminate();
        else ws.close(code);
      }
    },
    invalidateSessions(resumable) {
      for (const ws of bySocket.keys()) send(ws, { op: OP.InvalidSession, d: resumable, s: null, t: null });
      if (!resumable) sessions.clear();
    },
    close() {
      for (const ws of bySocket.keys()) ws.terminate();
      bySocket.clear();
      sessions.clear();
      wss.close();
    },
  };
}
