// Exactly once across a crash, on Slack: Herald is SIGKILLed while chat.postMessage is in flight
// (the outbox row says 'sending') and restarted on the same database. Whether Slack had stored the
// message or not, the channel ends with exactly one alert of the story.
import { describe, expect, it } from 'vitest';
import { deliveries, useE2E, waitFor } from './e2e-kit.js';
import { blockingOrder } from './news-desk.js';
import { NEWS, WIRE_A, alertsIn, callsTo, startSlackScene, subscribeCopyright, type SlackScene } from './slack-scene.js';

useE2E();

/** Subscribes, arms the fake to hang the post, publishes the story and SIGKILLs Herald once the post is in flight. */
async function crashMidSend(scene: SlackScene, failure: { afterProcessing: boolean }): Promise<void> {
  const { fake, desk, installation, herald } = scene;
  await subscribeCopyright(fake);
  fake.failNext({ method: 'chat.postMessage', channel: NEWS, hang: true, afterProcessing: failure.afterProcessing });
  desk.publish(WIRE_A, blockingOrder());
  await waitFor(
    "the post in flight: Slack holds the request and the outbox row says 'sending'",
    () => callsTo(fake, 'chat.postMessage').some((call) => call.outcome === 'hung') && deliveries(installation.dbPath)[0]?.status === 'sending',
    { herald },
  );
  const killed = await herald.stop('SIGKILL');
  expect(killed.signal).toBe('SIGKILL');
}

describe('Herald on Slack, SIGKILLed in the middle of a delivery', () => {
  it('finds the message Slack stored before the crash (by its metadata) and records it instead of posting again', async () => {
    const scene = await startSlackScene();
    await crashMidSend(scene, { afterProcessing: true });
    const [stored] = alertsIn(scene.fake);
    expect(stored?.text).toContain(blockingOrder().title);
    const callsBefore = scene.fake.requests.length;

    const herald = await scene.restart();
    const [row] = await waitFor('the delivery recorded as sent', () => deliveries(scene.installation.dbPath).filter((d) => d.status === 'sent'), { herald });

    expect(row?.message_id).toBe(stored?.ts);
    expect(alertsIn(scene.fake)).toHaveLength(1);
    // It read the channel's history, with metadata, after the restart, and posted nothing.
    const afterRestart = scene.fake.requests.slice(callsBefore);
    expect(afterRestart.filter((call) => call.method === 'conversations.history' && call.params['channel'] === NEWS).map((call) => call.ok)).toContain(true);
    expect(afterRestart.filter((call) => call.method === 'chat.postMessage')).toEqual([]);
    // The round logs after it records the row: wait for the line rather than race the child's stdout.
    await waitFor('the round that recovered it, logged', () => herald.logs().find((line) => line.msg === 'delivery round done' && line['recovered'] === 1), { herald });
  });

  it('posts the alert after the restart when Slack never processed it before the crash', async () => {
    const scene = await startSlackScene();
    await crashMidSend(scene, { afterProcessing: false });
    expect(alertsIn(scene.fake)).toEqual([]);

    const herald = await scene.restart();
    const [row] = await waitFor('the delivery recorded as sent', () => deliveries(scene.installation.dbPath).filter((d) => d.status === 'sent'), { herald });

    const alerts = alertsIn(scene.fake);
    expect(alerts).toHaveLength(1);
    expect(row?.message_id).toBe(alerts[0]?.ts);
    expect(alerts[0]?.text).toContain(blockingOrder().title);
    // The lost attempt, a look at the history that found nothing, then the one post.
    expect(callsTo(scene.fake, 'chat.postMessage').map((call) => call.outcome)).toEqual(['hung', 'answered']);
    expect(callsTo(scene.fake, 'conversations.history').length).toBeGreaterThan(0);
  });
});
