// The fake Slack's world: one team, its bot, users and channels, and every message posted. Pure
// state with no I/O, so the Web API handlers and the test-facing accessors share one truth.

/** The workspace. */
export interface SeedTeam {
  id: string;
  name: string;
  domain: string;
}

/** A member of the workspace, as `users.info` describes them. */
export interface SeedUser {
  id: string;
  name: string;
  real_name?: string;
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
  is_bot?: boolean;
  deleted?: boolean;
  tz?: string;
}

/** A channel. The bot is a member unless `is_member: false`; every user is unless `members` lists them. */
export interface SeedChannel {
  id: string;
  name: string;
  is_private?: boolean;
  is_archived?: boolean;
  is_member?: boolean;
  members?: string[];
}

/** Slack message metadata: what `chat.postMessage` accepts in `metadata`. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** A message as stored; `conversations.history` returns these fields (metadata only when asked). */
export interface StoredMessage {
  type: 'message';
  ts: string;
  channel: string;
  team: string;
  user: string;
  bot_id?: string;
  app_id?: string;
  text: string;
  blocks?: unknown[];
  metadata?: MessageMetadata;
  thread_ts?: string;
  edited?: { user: string; ts: string };
}

/** An ephemeral message: seen by one user, never in history. */
export interface EphemeralMessage {
  channel: string;
  user: string;
  message_ts: string;
  text: string;
  blocks?: unknown[];
}

/** The bot identity and tokens the fake accepts. */
export interface BotIdentity {
  userId: string;
  botId: string;
  appId: string;
  name: string;
  token: string;
  appToken: string;
}

export interface ChannelState {
  seed: SeedChannel;
  messages: StoredMessage[];
  ephemerals: EphemeralMessage[];
}

export const DEFAULT_TEAM: SeedTeam = { id: 'T0HERALD', name: 'Herald Test', domain: 'herald-test' };

export const DEFAULT_BOT: BotIdentity = {
  userId: 'U0BOT',
  botId: 'B0BOT',
  appId: 'A0HERALD',
  name: 'herald',
  token: 'xoxb-fake-bot-token',
  appToken: 'xapp-1-A0HERALD-fake-app-token',
};

/** An admin, an owner (owners are admins too, as in Slack) and a regular member. */
export const DEFAULT_USERS: readonly SeedUser[] = [
  { id: 'U0ADMIN', name: 'ada', real_name: 'Ada Admin', is_admin: true },
  { id: 'U0OWNER', name: 'otto', real_name: 'Otto Owner', is_admin: true, is_owner: true, is_primary_owner: true },
  { id: 'U0MEMBER', name: 'mia', real_name: 'Mia Member' },
];

/** Two open channels, an archived one and a private one the bot was never invited to. */
export const DEFAULT_CHANNELS: readonly SeedChannel[] = [
  { id: 'C0GENERAL', name: 'general' },
  { id: 'C0NEWS', name: 'news' },
  { id: 'C0ARCHIVED', name: 'old-news', is_archived: true },
  { id: 'G0PRIVATE', name: 'mods', is_private: true, is_member: false },
];

/** Slack timestamps are seconds with six decimals; this turns one into comparable microseconds. */
export function tsToMicros(ts: string): number {
  const [seconds = '0', fraction = ''] = ts.split('.');
  return Number(seconds) * 1_000_000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

function microsToTs(micros: number): string {
  return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

export type Workspace = ReturnType<typeof createWorkspace>;

/** Builds the state from seeds; `now` (ms) stamps messages so tests can use a fake clock. */
export function createWorkspace(seed: {
  team: SeedTeam;
  bot: BotIdentity;
  users: readonly SeedUser[];
  channels: readonly SeedChannel[];
  now: () => number;
}) {
  const users = new Map<string, SeedUser>();
  const channels = new Map<string, ChannelState>();
  const channelIdsByName = new Map<string, string>();
  let lastMicros = 0;

  const addUser = (user: SeedUser): void => void users.set(user.id, { ...user });
  const addChannel = (channel: SeedChannel): void => {
    const existing = channels.get(channel.id);
    if (existing !== undefined) channelIdsByName.delete(existing.seed.name);
    channels.set(channel.id, { seed: { ...channel }, messages: existing?.messages ?? [], ephemerals: existing?.ephemerals ?? [] });
    channelIdsByName.set(channel.name, channel.id);
  };
  addUser({ id: seed.bot.userId, name: seed.bot.name, real_name: seed.bot.name, is_bot: true });
  seed.users.forEach(addUser);
  seed.channels.forEach(addChannel);

  return {
    team: seed.team,
    bot: seed.bot,
    users,
    channels,
    addUser,
    addChannel,
    /** Slack accepts a channel ID or a name, with or without `#`. */
    findChannel(idOrName: string): ChannelState | undefined {
      const byId = channels.get(idOrName);
      if (byId !== undefined) return byId;
      const id = channelIdsByName.get(idOrName.replace(/^#/, ''));
      return id === undefined ? undefined : channels.get(id);
    },
    isMember(channel: ChannelState, userId: string): boolean {
      if (userId === seed.bot.userId) return channel.seed.is_member !== false;
      return channel.seed.members === undefined ? users.has(userId) : channel.seed.members.includes(userId);
    },
    /** A fresh timestamp, strictly increasing across the workspace so every message has its own. */
    nextTs(): string {
      lastMicros = Math.max(lastMicros + 1, Math.floor(seed.now() * 1000));
      return microsToTs(lastMicros);
    },
  };
}
