// The whole loop on Slack (Socket Mode), as a workspace sees it: `herald run` against the fake
// Slack (real Bolt and WebClient) and a local feed server. Subscribe → publish → one alert → a
// second outlet updates it → /news recent and status; a channel the bot was removed from pauses
// its subscription without a retry loop; a burst of 20 stories never draws a 429.
import { describe, expect, it } from 'vitest';
import { deliveries, subscriptions, useE2E, waitFor } from './e2e-kit.js';
import { blockingOrder, blockingOrderFollowUp, burstOfStories } from './news-desk.js';
import { GENERAL, MEMBER, NEWS, WIRE_A, WIRE_B, alertsIn, callsTo, news, shown, startSlackScene, subscribeCopyright } from './slack-scene.js';

useE2E();

/** Every user, @here, @channel, @everyone and user-group token in a message: what Slack turns into pings. */
const pings = (text: string): string[] => [...new Set(text.match(/<(?:@[UW]|!(?:here|channel|everyone|subteam\^))[^>]*>/g) ?? [])];

describe('Herald on Slack (Socket Mode), end to end', () => {
  it('posts a new story once, updates it when another outlet reports it, and answers recent and status', async () => {
    const { fake, desk, installation, herald } = await startSlackScene();

    const subscribed = await subscribeCopyright(fake);
    expect(subscribed).toMatchObject({ response_type: 'in_channel', text: expect.stringContaining('This channel now follows Copyright law') });
    await waitFor('the catalogue feeds polled once', () => desk.fetches(WIRE_A) > 0 && desk.fetches(WIRE_B) > 0, { herald });

    const report = blockingOrder();
    desk.publish(WIRE_A, report);
    const [alert] = await waitFor('the alert in #news', () => alertsIn(fake), { herald });

    expect(alert?.text).toContain(report.title);
    expect(alert?.blocks).toEqual(expect.arrayContaining([{ type: 'actions', elements: [expect.objectContaining({ type: 'button', url: report.link })] }]));
    expect(shown(alert ?? { text: '' })).toContain('Wire A');
    // Only the subscription's mention may ping.
    expect(pings(shown(alert ?? { text: '' }))).toEqual([`<@${MEMBER}>`]);

    // The same event from another outlet (whose feed title tries to ping everyone): the posted
    // message is updated, nothing new is posted, and the outlet's title stays inert.
    desk.publish(WIRE_B, blockingOrderFollowUp());
    await waitFor('the alert updated with the second outlet', () => alert?.edited !== undefined && shown(alert).includes('also reported by'), { herald });
    expect(alertsIn(fake)).toHaveLength(1);
    expect(callsTo(fake, 'chat.postMessage')).toHaveLength(1);
    expect(callsTo(fake, 'chat.update').map((call) => call.ok)).toEqual([true]);
    expect(shown(alert ?? { text: '' })).toContain('also reported by Wire B &lt;!channel&gt;');
    expect(pings(shown(alert ?? { text: '' }))).toEqual([`<@${MEMBER}>`]);
    expect(deliveries(installation.dbPath)).toEqual([expect.objectContaining({ status: 'sent', message_id: alert?.ts, title: report.title })]);

    // A member asks for recent stories and the status, privately.
    const recent = await news(fake, 'recent');
    expect(recent.response_type).toBe('ephemeral');
    expect(shown(recent)).toContain(report.title);
    const status = await news(fake, 'status');
    expect(status.response_type).toBe('ephemeral');
    expect(shown(status)).toContain('Herald status');
    expect(status.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ fields: expect.arrayContaining([expect.objectContaining({ text: '*Alerts waiting*\nnone' })]) })]));

    expect(alertsIn(fake)).toHaveLength(1);
    const stopped = await herald.stop('SIGTERM');
    expect(stopped.code, stopped.stderr).toBe(0);
  });

  it('pauses the subscription of a channel the bot was removed from, says so in the workspace, and does not retry in a loop', async () => {
    const { fake, desk, installation, herald } = await startSlackScene();
    await subscribeCopyright(fake);
    fake.addChannel({ id: NEWS, name: 'news', is_member: false });

    desk.publish(WIRE_A, blockingOrder());
    const [paused] = await waitFor('the subscription paused', () => subscriptions(installation.dbPath).filter((s) => s.paused_reason !== null), { herald });
    expect(paused?.paused_reason).toMatch(/#news/);
    const toChannel = (): string[] => fake.requests.filter((call) => call.params['channel'] === NEWS).map((call) => `${call.method} ${call.error ?? 'ok'}`);
    expect(toChannel()).toEqual(['chat.postMessage not_in_channel', 'conversations.info ok']);

    // Another story arrives and several poll and delivery ticks pass: nothing more goes to the channel.
    desk.publish(WIRE_B, burstOfStories(1)[0]!);
    const fetched = desk.fetches(WIRE_B);
    await waitFor('the second story stored and three more polls', () => deliveries(installation.dbPath).length === 2 && desk.fetches(WIRE_B) >= fetched + 3, { herald });
    expect(toChannel()).toEqual(['chat.postMessage not_in_channel', 'conversations.info ok']);
    expect(deliveries(installation.dbPath).map((d) => d.status)).toEqual(['pending', 'pending']);

    // The admins learn it from status and from the next command, in another channel.
    const status = await news(fake, 'status', { channel: GENERAL });
    expect(shown(status)).toMatch(/1 subscription is paused/);
    expect(shown(status)).toContain('#news');
    const recent = await news(fake, 'recent', { channel: GENERAL });
    expect(shown(recent)).toMatch(/Alerts are paused for a subscription in this workspace/);
  });

  it('paces a burst of 20 stories to one channel: every one arrives and Slack never answers 429', async () => {
    const { fake, desk, herald } = await startSlackScene({ fake: { rateLimit: { perSecond: 1, burst: 2 } } });
    await subscribeCopyright(fake);
    await waitFor('the feed polled once', () => desk.fetches(WIRE_A) > 0, { herald });

    const burst = burstOfStories(20);
    desk.publish(WIRE_A, ...burst);
    await waitFor('20 alerts in #news', () => alertsIn(fake).length >= 20, { herald, timeoutMs: 50_000 });

    expect(fake.rateLimitHits(NEWS)).toBe(0);
    expect(callsTo(fake, 'chat.postMessage').map((call) => call.status)).toEqual(Array.from({ length: 20 }, () => 200));
    const texts = alertsIn(fake).map((message) => message.text);
    for (const report of burst) expect(texts.some((text) => text.includes(report.title))).toBe(true);
  });
});
