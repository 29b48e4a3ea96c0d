// `/news` in HTTP mode: the real Bolt HTTPReceiver verifies Slack's request signature, so a signed
// command is answered and a forged or replayed one gets 401 without reaching Herald.
import { describe, expect, it } from 'vitest';
import { signedSlashCommand } from '../fakes/slack/fake-slack.js';
import { TOPICS, recordingHandler, setupSlack } from './slack-kit.js';

async function startHttp() {
  const slack = await setupSlack('http');
  const recorder = recordingHandler();
  await slack.platform.start(recorder.handler, TOPICS);
  const port = slack.platform.httpPort;
  if (port === null) throw new Error('the HTTP receiver did not report its port');
  return { ...slack, ...recorder, url: `http://127.0.0.1:${port}/slack/events` };
}

describe('Slack /news over signed HTTP requests', () => {
  it('acks a correctly signed command with an empty 200 and answers through the response_url', async () => {
    const { fake, calls, url } = await startHttp();
    const result = await signedSlashCommand(url, fake.signingSecret, fake.slashCommandParams({ command: '/news', text: 'recent hacktivism 3', user_id: 'U0MEMBER', channel_id: 'C0GENERAL' }));

    expect([result.status, result.body]).toEqual([200, '']);
    const [reply] = await fake.waitForResponses(1);
    expect(reply).toMatchObject({ source: 'response_url', response_type: 'ephemeral', text: 'Done: recent', user_id: 'U0MEMBER', channel_id: 'C0GENERAL' });
    expect(calls).toEqual([
      {
        command: { name: 'recent', topic: 'hacktivism', count: 3, share: false },
        context: { platform: 'slack', workspaceId: 'T0HERALD', channelId: 'C0GENERAL', userId: 'U0MEMBER', isModerator: false },
      },
    ]);
  });

  it('answers 401 to a bad signature and to a stale timestamp, and runs nothing', async () => {
    const { fake, calls, url } = await startHttp();
    const params = fake.slashCommandParams({ command: '/news', text: 'subscribe all', user_id: 'U0ADMIN' });

    const forged = await signedSlashCommand(url, 'not-the-signing-secret', params);
    const tampered = await signedSlashCommand(url, fake.signingSecret, params, { signature: 'v0=' + '0'.repeat(64) });
    // Slack's replay window is five minutes.
    const stale = await signedSlashCommand(url, fake.signingSecret, params, { timestamp: Math.floor(Date.now() / 1000) - 10 * 60 });

    expect([forged.status, tampered.status, stale.status]).toEqual([401, 401, 401]);
    expect(calls).toEqual([]);
    expect(fake.responses).toEqual([]);
    expect(fake.requests.filter((r) => r.method === 'users.info')).toEqual([]);
  });

  it('acknowledges a click on an alert\'s link button', async () => {
    const { fake, url } = await startHttp();
    const payload = {
      type: 'block_actions',
      team: { id: 'T0HERALD', domain: 'herald-test' },
      user: { id: 'U0MEMBER', team_id: 'T0HERALD' },
      api_app_id: 'A0HERALD',
      token: 'fake-verification-token',
      trigger_id: '1.2.3',
      channel: { id: 'C0NEWS', name: 'news' },
      container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0NEWS' },
      actions: [{ type: 'button', action_id: 'herald_open_story', block_id: 'b1', text: { type: 'plain_text', text: 'Read' }, url: 'https://news.example/a', action_ts: '1700000001.000200' }],
    };
    const result = await signedSlashCommand(url, fake.signingSecret, { payload: JSON.stringify(payload) });
    expect([result.status, result.body]).toEqual([200, '']);
  });
});
