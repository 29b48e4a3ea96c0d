// The Slack end-to-end scene: the fake Slack (Web API + Socket Mode), a news desk with two wires,
// and `herald run` pointed at both; helpers to type `/news …` and to read Herald's alerts.
import { startFakeSlack, type FakeSlack, type FakeSlackOptions, type RecordedResponse, type StoredMessage } from '../fakes/slack/fake-slack.js';
import { closeLater, install, startHerald, waitFor, type HeraldRun, type Installation } from './e2e-kit.js';
import { startNewsDesk, type NewsDesk } from './news-desk.js';

export const WIRE_A = '/wire-a.xml';
export const WIRE_B = '/wire-b.xml';
/** The second outlet's feed title: hostile, as an untrusted publisher may write it. */
export const WIRE_B_TITLE = 'Wire B <!channel> @everyone';
export const NEWS = 'C0NEWS';
export const GENERAL = 'C0GENERAL';
export const ADMIN = 'U0ADMIN';
export const MEMBER = 'U0MEMBER';

export interface SlackScene {
  fake: FakeSlack;
  desk: NewsDesk;
  installation: Installation;
  /** The running Herald (replaced by {@link SlackScene.restart}). */
  herald: HeraldRun;
  /** Starts `herald run` again on the same database, once the old Socket Mode connection is gone. */
  restart(): Promise<HeraldRun>;
}

/** Starts the fake, the desk and Herald; resolves once Herald's Socket Mode connection is open. */
export async function startSlackScene(options: { fake?: FakeSlackOptions } = {}): Promise<SlackScene> {
  const fake = closeLater(await startFakeSlack(options.fake));
  const desk = closeLater(await startNewsDesk({ [WIRE_A]: 'Wire A', [WIRE_B]: WIRE_B_TITLE }));
  const installation = install([desk.url(WIRE_A), desk.url(WIRE_B)], { slack: { botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl } });
  const scene: SlackScene = {
    fake,
    desk,
    installation,
    herald: await launch(fake, installation),
    async restart() {
      await waitFor('the old Socket Mode connection to close', () => fake.socketConnections() === 0);
      scene.herald = await launch(fake, installation);
      return scene.herald;
    },
  };
  return scene;
}

async function launch(fake: FakeSlack, installation: Installation): Promise<HeraldRun> {
  const herald = startHerald(installation);
  await waitFor('Herald to start the Slack platform', () => herald.logs().some((line) => line.msg === 'Slack platform started') && fake.socketConnections() === 1, { herald });
  return herald;
}

/** `/news <text>` typed by `user` in `channel`; resolves with the answer the user sees. */
export async function news(fake: FakeSlack, text: string, where: { user?: string; channel?: string } = {}): Promise<RecordedResponse> {
  const before = fake.responses.length;
  await fake.injectSlashCommand({ command: '/news', text, user_id: where.user ?? MEMBER, channel_id: where.channel ?? NEWS });
  const responses = await fake.waitForResponses(before + 1, { timeoutMs: 15_000 });
  const answer = responses[before];
  if (answer === undefined) throw new Error('no answer to /news');
  return answer;
}

/** An admin subscribes `channel` to copyright-law, pinging one member with each alert. */
export function subscribeCopyright(fake: FakeSlack, channel: string = NEWS): Promise<RecordedResponse> {
  return news(fake, `subscribe copyright-law mention:<@${MEMBER}>`, { user: ADMIN, channel });
}

/** Herald's alerts in a channel: messages carrying its `herald_alert` metadata. */
export function alertsIn(fake: FakeSlack, channel: string = NEWS): StoredMessage[] {
  return fake.messagesIn(channel).filter((message) => message.metadata?.event_type === 'herald_alert');
}

/** What a reader sees of an answer or message: its text and blocks, as one string. */
export function shown(message: { text?: string; blocks?: unknown[] }): string {
  return `${message.text ?? ''}\n${JSON.stringify(message.blocks ?? [])}`;
}

/** Web API calls of `method` for `channel`. */
export function callsTo(fake: FakeSlack, method: string, channel: string = NEWS): FakeSlack['requests'] {
  return fake.requests.filter((call) => call.method === method && call.params['channel'] === channel);
}
