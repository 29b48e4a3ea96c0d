// The whole loop on Discord, as a guild sees it: `herald run` against the fake Discord (real
// discord.js) and a local feed server. Subscribe → publish → one alert → a second outlet edits it →
// /news recent and status; a deleted channel pauses its subscription without a retry loop; a burst
// of 20 stories never draws a 429.
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDS, type Json } from '../fakes/discord/fake-discord.js';
import { deliveries, subscriptions, useE2E, waitFor } from './e2e-kit.js';
import { blockingOrder, blockingOrderFollowUp, burstOfStories } from './news-desk.js';
import { ALERTS, NEWS, NEWS_MESSAGES, WIRE_A, WIRE_B, alertsIn, answerText, embedOf, news, startDiscordScene, subscribeCopyright } from './discord-scene.js';

useE2E();

describe('Herald on Discord, end to end', () => {
  it('posts a new story once, edits it when another outlet reports it, and answers recent and status', async () => {
    const { fake, desk, installation, herald } = await startDiscordScene();

    const subscribed = await subscribeCopyright(fake);
    expect(embedOf(subscribed.original)['title']).toBe('This channel now follows Copyright law');
    await waitFor('the catalogue feeds polled once', () => desk.fetches(WIRE_A) > 0 && desk.fetches(WIRE_B) > 0, { herald });

    const report = blockingOrder();
    desk.publish(WIRE_A, report);
    const [alert] = await waitFor('the alert in #news', () => alertsIn(fake), { herald });

    const embed = embedOf(alert?.message);
    expect(embed).toMatchObject({ title: report.title, url: report.link });
    expect(JSON.stringify(embed['fields'])).toContain('Wire A');
    expect(alert?.message['components']).toEqual([{ type: 1, components: [expect.objectContaining({ type: 2, style: 5, url: report.link })] }]);
    // Only the subscription's mention may ping: that member, no role, never @everyone.
    const [post] = fake.requestsTo('POST', NEWS_MESSAGES);
    expect((post?.body as Json)['allowed_mentions']).toEqual({ parse: [], users: [DEFAULT_IDS.member] });
    expect(alert?.message).toMatchObject({ content: `<@${DEFAULT_IDS.member}>`, mention_roles: [], mention_everyone: false });
    expect((alert?.message['mentions'] as Json[]).map((user) => user['id'])).toEqual([DEFAULT_IDS.member]);
    expect((post?.body as Json)['enforce_nonce']).toBe(true);

    // The same event from another outlet (whose feed title tries to ping everyone): the posted
    // message is edited, nothing new is posted, and the edit pings nobody new.
    desk.publish(WIRE_B, blockingOrderFollowUp());
    await waitFor('the alert edited with the second outlet', () => (alert?.edits.length ?? 0) > 0 && JSON.stringify(embedOf(alert?.message)).includes('Wire B'), { herald });
    expect(alertsIn(fake)).toHaveLength(1);
    expect(fake.requestsTo('POST', NEWS_MESSAGES)).toHaveLength(1);
    const edits = fake.requestsTo('PATCH', `${NEWS_MESSAGES}/${alert?.id ?? ''}`);
    expect(edits.map((r) => r.status)).toEqual([200]);
    expect((edits[0]?.body as Json)['allowed_mentions']).toEqual({ parse: [], users: [DEFAULT_IDS.member] });
    expect(alert?.message).toMatchObject({ mention_roles: [], mention_everyone: false });
    expect(embedOf(alert?.message)['fields']).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Also reported by', value: expect.stringContaining('Wire B') })]));
    expect(deliveries(installation.dbPath)).toEqual([expect.objectContaining({ status: 'sent', message_id: alert?.id, title: report.title })]);

    // A member asks for recent stories and the status, privately.
    const recent = await news(fake, 'recent');
    expect(recent.original?.['flags']).toBe(64);
    expect(answerText(recent)).toContain(report.title);
    const status = await news(fake, 'status');
    expect(embedOf(status.original)['title']).toBe('Herald status');
    expect(embedOf(status.original)['fields']).toEqual(expect.arrayContaining([{ name: 'Alerts waiting', value: 'none', inline: expect.anything() }]));

    // Still exactly one alert, and the service stops cleanly.
    expect(alertsIn(fake)).toHaveLength(1);
    const stopped = await herald.stop('SIGTERM');
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(fake.internalErrors).toEqual([]);
  });

  it('pauses the subscription of a deleted channel, says so in the guild, and does not retry in a loop', async () => {
    const { fake, desk, installation, herald } = await startDiscordScene();
    await subscribeCopyright(fake);
    fake.deleteChannel(NEWS);

    desk.publish(WIRE_A, blockingOrder());
    const [paused] = await waitFor('the subscription paused', () => subscriptions(installation.dbPath).filter((s) => s.paused_reason !== null), { herald });
    expect(paused?.paused_reason).toMatch(/no longer exists/);
    const toChannel = (): string[] => fake.requests.filter((r) => r.path.startsWith(`/channels/${NEWS}`)).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(toChannel()).toEqual([`POST ${NEWS_MESSAGES} 404`]);

    // Another story arrives and several poll and delivery ticks pass: nothing more goes to the channel.
    desk.publish(WIRE_B, burstOfStories(1)[0]!);
    const fetched = desk.fetches(WIRE_B);
    await waitFor('the second story stored and three more polls', () => deliveries(installation.dbPath).length === 2 && desk.fetches(WIRE_B) >= fetched + 3, { herald });
    expect(toChannel()).toEqual([`POST ${NEWS_MESSAGES} 404`]);
    expect(deliveries(installation.dbPath).map((d) => d.status)).toEqual(['pending', 'pending']);

    // The moderators learn it from status and from the next command, in another channel.
    const status = await news(fake, 'status', [], { channelId: ALERTS });
    expect(answerText(status)).toMatch(/1 subscription is paused/);
    expect(answerText(status)).toMatch(/no longer exists/);
    const recent = await news(fake, 'recent', [], { channelId: ALERTS });
    expect(answerText(recent)).toMatch(/Alerts are paused for a subscription in this workspace/);
  });

  it('paces a burst of 20 stories to one channel: every one arrives and Discord never answers 429', async () => {
    const { fake, desk, herald } = await startDiscordScene();
    await subscribeCopyright(fake);
    await waitFor('the feed polled once', () => desk.fetches(WIRE_A) > 0, { herald });

    const burst = burstOfStories(20);
    desk.publish(WIRE_A, ...burst);
    await waitFor('20 alerts in #news', () => alertsIn(fake).length >= 20, { herald, timeoutMs: 50_000 });

    expect(fake.rateLimitHits).toEqual([]);
    // Titles are markdown-escaped ("site\-blocking"); Discord shows them unescaped.
    const shown = alertsIn(fake).map((m) => String(embedOf(m.message)['title']).replace(/\\(.)/g, '$1'));
    expect(new Set(shown)).toEqual(new Set(burst.map((r) => r.title)));
    expect(fake.requestsTo('POST', NEWS_MESSAGES).map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
  });
});
