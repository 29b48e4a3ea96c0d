// Reads config/herald.yaml, config/feeds.yaml and the environment once, validates them together and
// reports every problem at once. The only module that reads process.env.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { HeraldError } from '../errors.js';
import { cleanZodMessage, describeValue } from '../zod-issues.js';
import { catalogueSchema, settingsSchema, type CatalogueEntry, type Settings } from './schema.js';

export interface Config {
  /** Folder the YAML files were read from. */
  dir: string;
  settings: Settings;
  catalogue: CatalogueEntry[];
  /** Herald's own version, for the User-Agent and `status`. */
  version: string;
  /** Chat platforms with credentials; a platform without them is off. From the environment only. */
  credentials: PlatformCredentials;
}

/** Secrets are kept out of `settings`, which may be logged or printed. */
export interface PlatformCredentials {
  discord: { token: string } | null;
  /** Socket Mode with `appToken`, else HTTP with `signingSecret`. */
  slack: { botToken: string; appToken: string | null; signingSecret: string | null } | null;
}

export interface LoadConfigOptions {
  /** Folder holding herald.yaml and feeds.yaml; default HERALD_CONFIG_DIR or ./config. */
  dir?: string;
  env?: NodeJS.ProcessEnv;
  /** Settings applied over the files and env (used by `demo` and tests). */
  overrides?: (raw: Record<string, unknown>) => void;
}

/** One environment variable that overrides one settings key. */
interface EnvOverride {
  name: string;
  key: readonly string[];
  parse: (value: string) => unknown;
}

const asBoolean = (value: string): unknown => {
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return value;
};
const asNumber = (value: string): unknown => (/^\s*\d+\s*$/.test(value) ? Number(value) : value);
const asList = (value: string): unknown => value.split(',').map((s) => s.trim()).filter(Boolean);
const asText = (value: string): unknown => value;

/** Environment variables Herald reads (README has the same table). */
export const ENV_OVERRIDES: readonly EnvOverride[] = [
  { name: 'HERALD_DB_PATH', key: ['database', 'path'], parse: asText },
  { name: 'HERALD_LOG_LEVEL', key: ['log', 'level'], parse: asText },
  { name: 'HERALD_CONTACT_URL', key: ['contactUrl'], parse: asText },
  { name: 'HERALD_POLL_TICK', key: ['poll', 'tick'], parse: asText },
  { name: 'HERALD_DEFAULT_INTERVAL', key: ['poll', 'defaultInterval'], parse: asText },
  { name: 'HERALD_FETCH_CONCURRENCY', key: ['fetch', 'concurrency'], parse: asNumber },
  { name: 'HERALD_ALLOW_PRIVATE_NETWORKS', key: ['fetch', 'allowPrivateNetworks'], parse: asBoolean },
  { name: 'HERALD_ALLOWED_HOSTS', key: ['fetch', 'allowedHosts'], parse: asList },
  { name: 'HERALD_ARTICLE_FETCH', key: ['analysis', 'articles', 'enabled'], parse: asBoolean },
  { name: 'HERALD_DELIVERY_TICK', key: ['delivery', 'tick'], parse: asText },
  { name: 'DISCORD_API_URL', key: ['chat', 'discord', 'apiUrl'], parse: asText },
  { name: 'DISCORD_GUILD_ID', key: ['chat', 'discord', 'guildId'], parse: asText },
  { name: 'SLACK_API_URL', key: ['chat', 'slack', 'apiUrl'], parse: asText },
  { name: 'SLACK_PORT', key: ['chat', 'slack', 'port'], parse: asNumber },
  { name: 'SLACK_MODERATORS', key: ['chat', 'slack', 'moderators'], parse: asList },
];

/** Secret environment variables (README lists them with the others). */
export const CREDENTIAL_VARIABLES = ['DISCORD_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET'] as const;

function readCredentials(env: NodeJS.ProcessEnv, problems: Problem[]): PlatformCredentials {
  const value = (name: (typeof CREDENTIAL_VARIABLES)[number]): string | null => {
    const raw = env[name]?.trim();
    return raw ? raw : null;
  };
  const discordToken = value('DISCORD_TOKEN');
  const botToken = value('SLACK_BOT_TOKEN');
  const appToken = value('SLACK_APP_TOKEN');
  const signingSecret = value('SLACK_SIGNING_SECRET');
  const problem = (where: string, message: string): void => {
    problems.push({ where: `environment variable ${where}`, key: '', message });
  };
  if (botToken && !botToken.startsWith('xoxb-')) problem('SLACK_BOT_TOKEN', 'expected a bot token starting with "xoxb-" (OAuth & Permissions → Bot User OAuth Token)');
  if (appToken && !appToken.startsWith('xapp-')) problem('SLACK_APP_TOKEN', 'expected an app-level token starting with "xapp-" (Basic Information → App-Level Tokens, scope connections:write)');
  if (botToken && !appToken && !signingSecret) problem('SLACK_BOT_TOKEN', 'set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP requests) as well, so Slack commands can reach Herald');
  if (!botToken && (appToken || signingSecret)) problem(appToken ? 'SLACK_APP_TOKEN' : 'SLACK_SIGNING_SECRET', 'set SLACK_BOT_TOKEN as well: Herald posts with the bot token');
  return {
    discord: discordToken ? { token: discordToken } : null,
    slack: botToken ? { botToken, appToken, signingSecret } : null,
  };
}

interface Problem {
  where: string;
  key: string;
  message: string;
}

/**
 * Loads and validates Herald's configuration.
 * @throws HeraldError `config/invalid` listing every problem (file or variable, key, expected, found).
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const dir = path.resolve(options.dir ?? env['HERALD_CONFIG_DIR'] ?? 'config');
  const problems: Problem[] = [];
  const settingsFile = path.join(dir, 'herald.yaml');
  const feedsFile = path.join(dir, 'feeds.yaml');

  const rawSettings = readYaml(settingsFile, problems);
  const envKeys = new Map<string, string>();
  for (const override of ENV_OVERRIDES) {
    const value = env[override.name];
    // `DISCORD_GUILD_ID=` in an .env template means "not set", not "set to nothing".
    if (value === undefined || value.trim() === '') continue;
    setAt(rawSettings, override.key, override.parse(value));
    envKeys.set(override.key.join('.'), override.name);
  }
  options.overrides?.(rawSettings);

  const settings = validate(settingsSchema, rawSettings, settingsFile, problems, envKeys);
  const credentials = readCredentials(env, problems);
  const catalogue = validate(catalogueSchema, readYaml(feedsFile, problems), feedsFile, problems, new Map());
  if (settings && catalogue) checkDuplicateFeeds(catalogue.feeds, feedsFile, problems);

  if (problems.length > 0 || !settings || !catalogue) {
    const lines = problems.map((p) => `  - ${p.where}${p.key ? ` → ${p.key}` : ''}: ${p.message}`);
    throw new HeraldError(
      'config/invalid',
      `Herald's configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}\n` +
        'Fix them and start again (README.md → Configuration lists every key).',
      { details: { problems } },
    );
  }
  return { dir, settings, catalogue: catalogue.feeds, version: HERALD_VERSION, credentials };
}

/** Kept in step with package.json by a test. */
export const HERALD_VERSION = '0.1.0';

function readYaml(file: string, problems: Problem[]): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    problems.push({ where: file, key: '', message: `cannot be read (${(error as Error).message})` });
    return {};
  }
  const doc = parseDocument(text, { prettyErrors: true });
  for (const error of doc.errors) {
    const at = error.linePos?.[0];
    problems.push({ where: at ? `${file}:${at.line}:${at.col}` : file, key: '', message: error.message.split('\n')[0] ?? 'invalid YAML' });
  }
  if (doc.errors.length > 0) return {};
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ where: file, key: '', message: `expected a mapping of keys at the top level, found ${describeValue(value)}` });
    return {};
  }
  return value as Record<string, unknown>;
}

function validate<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  file: string,
  problems: Problem[],
  envKeys: Map<string, string>,
): z.output<T> | null {
  const result = schema.safeParse(raw, { reportInput: true });
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const keyPath of keys) {
      const key = keyPath.map(String).join('.');
      const fromEnv = envKeys.get(key);
      const found = issue.code === 'unrecognized_keys' ? 'an unknown key (check the spelling)' : `found ${describeValue(issue.input)}`;
      const expected = issue.code === 'unrecognized_keys' ? '' : `${cleanZodMessage(issue.message)}, `;
      problems.push({ where: fromEnv ? `environment variable ${fromEnv}` : file, key, message: `${expected}${found}` });
    }
  }
  return null;
}

function checkDuplicateFeeds(feeds: readonly CatalogueEntry[], file: string, problems: Problem[]): void {
  const seen = new Map<string, number>();
  feeds.forEach((feed, index) => {
    const first = seen.get(feed.url);
    if (first !== undefined) {
      problems.push({ where: file, key: `feeds.${index}.url`, message: `duplicate of feeds.${first}.url (${feed.url})` });
    } else seen.set(feed.url, index);
  });
}

function setAt(target: Record<string, unknown>, key: readonly string[], value: unknown): void {
  let node = target;
  key.slice(0, -1).forEach((part) => {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  });
  const last = key[key.length - 1];
  if (last !== undefined) node[last] = value;
}
