import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HERALD_VERSION, loadConfig } from '../../src/config/index.js';
import { HeraldError } from '../../src/errors.js';

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'herald-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(HeraldError);
    expect((error as HeraldError).code).toBe('config/invalid');
    return (error as Error).message;
  }
  throw new Error('expected loadConfig to fail');
}

describe('loadConfig', () => {
  it('applies defaults when the files are absent', () => {
    const config = loadConfig({ dir: configDir({}), env: {} });
    expect(config.settings.database.path).toBe('./data/herald.db');
    expect(config.settings.poll.defaultInterval).toBe(15 * 60_000);
    expect(config.settings.fetch.maxBodySize).toBe(5 * 1024 * 1024);
    expect(config.settings.fetch.allowPrivateNetworks).toBe(false);
    expect(config.catalogue).toEqual([]);
  });

  it('reads durations, sizes and the catalogue', () => {
    const dir = configDir({
      'herald.yaml': 'poll:\n  defaultInterval: 1h30m\nfetch:\n  maxBodySize: 512KiB\n',
      'feeds.yaml': 'feeds:\n  - url: https://example.org/feed\n    interval: 10m\n    title: Example\n',
    });
    const config = loadConfig({ dir, env: {} });
    expect(config.settings.poll.defaultInterval).toBe(90 * 60_000);
    expect(config.settings.fetch.maxBodySize).toBe(512 * 1024);
    expect(config.catalogue).toEqual([{ url: 'https://example.org/feed', interval: 600_000, title: 'Example' }]);
  });

  it('lets environment variables override the file', () => {
    const dir = configDir({ 'herald.yaml': 'database:\n  path: /srv/a.db\n' });
    const config = loadConfig({
      dir,
      env: { HERALD_DB_PATH: '/tmp/b.db', HERALD_ALLOW_PRIVATE_NETWORKS: 'true', HERALD_ALLOWED_HOSTS: 'a.test, b.test' },
    });
    expect(config.settings.database.path).toBe('/tmp/b.db');
    expect(config.settings.fetch.allowPrivateNetworks).toBe(true);
    expect(config.settings.fetch.allowedHosts).toEqual(['a.test', 'b.test']);
  });

  it('lists every problem with file, key, expectation and what was found', () => {
    const dir = configDir({
      'herald.yaml': 'poll:\n  defaultInterval: fifteen\n  jiter: 5s\nfetch:\n  concurrency: -1\n',
      'feeds.yaml': 'feeds:\n  - url: ftp://example.org/x\n  - url: https://a.example/f\n  - url: https://a.example/f\n',
    });
    const message = problemsOf(() => loadConfig({ dir, env: { HERALD_LOG_LEVEL: 'loud' } }));
    expect(message).toMatch(/5 problems/);
    expect(message).toContain(`${path.join(dir, 'herald.yaml')} → poll.defaultInterval: expected a duration like "15m"`);
    expect(message).toContain('found "fifteen"');
    expect(message).toContain('poll.jiter: an unknown key');
    expect(message).toMatch(/fetch\.concurrency: .*found -1/);
    expect(message).toMatch(/environment variable HERALD_LOG_LEVEL → log\.level: .*found "loud"/);
    expect(message).toMatch(/feeds\.yaml → feeds\.0\.url: expected an http\(s\) URL, found "ftp:\/\/example\.org\/x"/);
  });

  it('rejects a poll tick that is not a cron expression', () => {
    const message = problemsOf(() => loadConfig({ dir: configDir({}), env: { HERALD_POLL_TICK: 'every minute' } }));
    expect(message).toMatch(/HERALD_POLL_TICK → poll\.tick: expected a cron expression/);
  });

  it('reports duplicate catalogue URLs once the rest is valid', () => {
    const dir = configDir({ 'feeds.yaml': 'feeds:\n  - url: https://a.example/f\n  - url: https://a.example/f\n' });
    expect(problemsOf(() => loadConfig({ dir, env: {} }))).toContain('feeds.1.url: duplicate of feeds.0.url');
  });

  it('points at the line of a YAML syntax error', () => {
    const dir = configDir({ 'herald.yaml': 'poll:\n  tick: "* * *\n' });
    expect(problemsOf(() => loadConfig({ dir, env: {} }))).toMatch(/herald\.yaml:\d+:\d+/);
  });

  it('accepts the shipped config files and matches package.json version', () => {
    const config = loadConfig({ dir: 'config', env: {} });
    expect(config.catalogue.length).toBeGreaterThanOrEqual(15);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(HERALD_VERSION).toBe(pkg.version);
  });
});

describe('chat platforms in the configuration', () => {
  it('turns every platform off without credentials, and on from the environment only', () => {
    expect(loadConfig({ dir: configDir({}), env: {} }).credentials).toEqual({ discord: null, slack: null });
    const config = loadConfig({
      dir: configDir({ 'herald.yaml': 'chat:\n  slack:\n    moderators: [U0ADMIN1]\n' }),
      env: { DISCORD_TOKEN: 'abc.def', DISCORD_GUILD_ID: '123456789012345678', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_API_URL: 'http://127.0.0.1:9/api/' },
    });
    expect(config.credentials).toEqual({ discord: { token: 'abc.def' }, slack: { botToken: 'xoxb-1', appToken: 'xapp-1', signingSecret: null } });
    expect(config.settings.chat.discord).toEqual({ apiUrl: 'https://discord.com/api', guildId: '123456789012345678' });
    expect(config.settings.chat.slack).toMatchObject({ apiUrl: 'http://127.0.0.1:9/api/', port: 3000, moderators: ['U0ADMIN1'] });
    // Tokens never land in settings, which may be printed.
    expect(JSON.stringify(config.settings)).not.toMatch(/xoxb|xapp|abc\.def/);
  });

  it('treats an empty variable (an .env template line) as not set', () => {
    const config = loadConfig({ dir: configDir({}), env: { DISCORD_TOKEN: '', DISCORD_GUILD_ID: '', SLACK_PORT: ' ' } });
    expect(config.credentials.discord).toBeNull();
    expect(config.settings.chat.discord.guildId).toBeNull();
    expect(config.settings.chat.slack.port).toBe(3000);
  });

  it('says which Slack variable is missing or malformed', () => {
    const message = problemsOf(() => loadConfig({ dir: configDir({}), env: { SLACK_BOT_TOKEN: 'xoxp-user-token', DISCORD_GUILD_ID: 'general' } }));
    expect(message).toMatch(/SLACK_BOT_TOKEN.*starting with "xoxb-"/);
    expect(message).toMatch(/SLACK_BOT_TOKEN.*SLACK_APP_TOKEN \(Socket Mode\) or SLACK_SIGNING_SECRET/);
    expect(message).toMatch(/DISCORD_GUILD_ID → chat\.discord\.guildId: expected a Discord id/);
    expect(problemsOf(() => loadConfig({ dir: configDir({}), env: { SLACK_SIGNING_SECRET: 's' } }))).toMatch(/SLACK_SIGNING_SECRET.*set SLACK_BOT_TOKEN as well/);
  });
});
