// The Discord end-to-end scene: the fake Discord, a news desk with two wires, and `herald run`
// pointed at both; helpers to type `/news …` as a guild member and to read Herald's alerts.
import { DEFAULT_IDS, startFakeDiscord, type FakeDiscord, type InteractionExchange, type Json, type StoredMessage } from '../fakes/discord/fake-discord.js';
import { closeLater, install, startHerald, waitFor, type HeraldRun, type Installation } from './e2e-kit.js';
import { startNewsDesk, type NewsDesk } from './news-desk.js';

export const WIRE_A = '/wire-a.xml';
export const WIRE_B = '/wire-b.xml';
export const NEWS = DEFAULT_IDS.channels.news;
export const ALERTS = DEFAULT_IDS.channels.alerts;
export const NEWS_MESSAGES = `/channels/${NEWS}/messages`;
/** The second outlet's feed title: hostile, as an untrusted publisher may write it. */
export const WIRE_B_TITLE = 'Wire B @everyone';

export interface DiscordScene {
  fake: FakeDiscord;
  desk: NewsDesk;
  installation: Installation;
  /** The running Herald (replaced by {@link DiscordScene.restart}). */
  herald: HeraldRun;
  /** Starts `herald run` again on the same database; resolves once /news is registered again. */
  restart(): Promise<HeraldRun>;
}

/** Starts the fake, the desk and Herald; resolves when Herald has connected and registered /news. */
export async function startDiscordScene(options: { fake?: Parameters<typeof startFakeDiscord>[0] } = {}): Promise<DiscordScene> {
  const fake = closeLater(await startFakeDiscord({ heartbeatIntervalMs: 1_000, ...options.fake }));
  const desk = closeLater(await startNewsDesk({ [WIRE_A]: 'Wire A', [WIRE_B]: WIRE_B_TITLE }));
  const installation = install([desk.url(WIRE_A), desk.url(WIRE_B)], { discord: { token: fake.token, apiUrl: fake.apiUrl, guildId: DEFAULT_IDS.guild } });
  const scene: DiscordScene = {
    fake,
    desk,
    installation,
    herald: await launch(installation),
    async restart() {
      scene.herald = await launch(installation);
      return scene.herald;
    },
  };
  return scene;
}

async function launch(installation: Installation): Promise<HeraldRun> {
  const herald = startHerald(installation);
  await waitFor('Herald to connect to Discord and register /news', () => herald.logs().some((line) => line.msg === 'Discord connected; /news registered'), { herald });
  return herald;
}

/** `/news <subcommand>` typed by `userId` in `channelId`; resolves with Herald's complete answer. */
export function news(fake: FakeDiscord, subcommand: string, options: Json[] = [], where: { userId?: string; channelId?: string } = {}): Promise<InteractionExchange> {
  return fake.injectInteraction(
    { commandName: 'news', userId: where.userId ?? DEFAULT_IDS.member, channelId: where.channelId ?? NEWS, options: [{ type: 1, name: subcommand, options }] },
    { timeoutMs: 15_000 },
  );
}

/** A moderator subscribes `channelId` to copyright-law, pinging one member with each alert. */
export function subscribeCopyright(fake: FakeDiscord, channelId: string = NEWS): Promise<InteractionExchange> {
  return news(
    fake,
    'subscribe',
    [
      { type: 3, name: 'topic', value: 'copyright-law' },
      { type: 9, name: 'mention', value: DEFAULT_IDS.member },
    ],
    { userId: DEFAULT_IDS.moderator, channelId },
  );
}

/** Herald's alerts in a channel: the bot's messages whose embed footer carries a delivery ref. */
export function alertsIn(fake: FakeDiscord, channelId: string = NEWS): StoredMessage[] {
  return fake.messagesIn(channelId).filter((stored) => {
    const author = stored.message['author'] as Json;
    const embeds = (stored.message['embeds'] as Json[] | undefined) ?? [];
    return author['id'] === fake.botUserId && embeds.some((embed) => String((embed['footer'] as Json | undefined)?.['text'] ?? '').includes('Herald · ref '));
  });
}

/** The first embed of a message object (an alert, or an interaction's answer). */
export function embedOf(message: Json | undefined): Json {
  return ((message?.['embeds'] as Json[] | undefined) ?? [])[0] ?? {};
}

/** Everything a reader sees in an interaction's answer, as one string (title, description, fields, footer). */
export function answerText(exchange: InteractionExchange): string {
  const embeds = (exchange.original?.['embeds'] as Json[] | undefined) ?? [];
  const content = typeof exchange.original?.['content'] === 'string' ? exchange.original['content'] : '';
  return [content, ...embeds.map((embed) => JSON.stringify(embed))].join('\n');
}
