// Exactly once across a crash, on Discord: Herald is SIGKILLed while an alert is in flight (the
// outbox row says 'sending') and restarted on the same database. Whether Discord had stored the
// message or not, the channel ends with exactly one alert of the story.
import { describe, expect, it } from 'vitest';
import { deliveries, useE2E, waitFor } from './e2e-kit.js';
import { blockingOrder } from './news-desk.js';
import { NEWS_MESSAGES, WIRE_A, alertsIn, embedOf, startDiscordScene, subscribeCopyright, type DiscordScene } from './discord-scene.js';

useE2E();

/** Subscribes, arms the fake with `failure`, publishes the story and SIGKILLs Herald once the send is in flight. */
async function crashMidSend(scene: DiscordScene, failure: { afterProcessing: boolean }): Promise<void> {
  const { fake, desk, installation, herald } = scene;
  await subscribeCopyright(fake);
  fake.failNext({ method: 'POST', path: NEWS_MESSAGES, hang: true, afterProcessing: failure.afterProcessing });
  desk.publish(WIRE_A, blockingOrder());
  await waitFor(
    "the send in flight: Discord holds the request and the outbox row says 'sending'",
    () => fake.requestsTo('POST', NEWS_MESSAGES).some((r) => r.outcome === 'hung') && deliveries(installation.dbPath)[0]?.status === 'sending',
    { herald },
  );
  const killed = await herald.stop('SIGKILL');
  expect(killed.signal).toBe('SIGKILL');
}

describe('Herald on Discord, SIGKILLed in the middle of a delivery', () => {
  it('finds the message Discord stored before the crash and records it instead of posting again', async () => {
    const scene = await startDiscordScene();
    await crashMidSend(scene, { afterProcessing: true });
    const [stored] = alertsIn(scene.fake);
    expect(stored).toBeDefined();
    const requestsBefore = scene.fake.requests.length;

    const herald = await scene.restart();
    const [row] = await waitFor('the delivery recorded as sent', () => deliveries(scene.installation.dbPath).filter((d) => d.status === 'sent'), { herald });

    expect(row?.message_id).toBe(stored?.id);
    expect(alertsIn(scene.fake)).toHaveLength(1);
    expect(embedOf(alertsIn(scene.fake)[0]?.message)['title']).toBe(blockingOrder().title);
    // It looked at the channel's history after the restart, and posted nothing.
    const afterRestart = scene.fake.requests.slice(requestsBefore);
    expect(afterRestart.some((r) => r.method === 'GET' && r.path === NEWS_MESSAGES)).toBe(true);
    expect(afterRestart.filter((r) => r.method === 'POST' && r.path === NEWS_MESSAGES)).toEqual([]);
    // The round logs after it records the row: wait for the line rather than race the child's stdout.
    await waitFor('the round that recovered it, logged', () => herald.logs().find((line) => line.msg === 'delivery round done' && line['recovered'] === 1), { herald });
  });

  it('posts the alert after the restart when Discord never received it before the crash', async () => {
    const scene = await startDiscordScene();
    await crashMidSend(scene, { afterProcessing: false });
    expect(alertsIn(scene.fake)).toEqual([]);

    const herald = await scene.restart();
    const [row] = await waitFor('the delivery recorded as sent', () => deliveries(scene.installation.dbPath).filter((d) => d.status === 'sent'), { herald });

    const alerts = alertsIn(scene.fake);
    expect(alerts).toHaveLength(1);
    expect(row?.message_id).toBe(alerts[0]?.id);
    expect(embedOf(alerts[0]?.message)['title']).toBe(blockingOrder().title);
    // The lost attempt and the one after the restart, with the same nonce.
    const posts = scene.fake.requestsTo('POST', NEWS_MESSAGES);
    expect(posts.map((r) => [r.outcome, r.status])).toEqual([
      ['hung', 0],
      ['answered', 200],
    ]);
    expect((posts[1]?.body as { nonce?: string }).nonce).toBe((posts[0]?.body as { nonce?: string }).nonce);
  });
});
