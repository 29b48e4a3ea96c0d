// Delivery keys on Discord (nonce, footer ref, finding the ref again) and the classification of
// what discord.js throws into permanent, transient and unknown outcomes.
import { describe, expect, it } from 'vitest';
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { classifyDiscordError } from '../../src/chat/discord/classify-discord-error.js';
import { carriesRef, nonceFor, refFor, stampRef } from '../../src/chat/discord/delivery-ref.js';
import { renderDiscordAlert } from '../../src/chat/discord/render-alert.js';
import { renderDiscordDigest } from '../../src/chat/discord/render-digest.js';
import { snowflakeAt } from '../../src/chat/discord/discord-platform.js';
import { HOSTILE, allStrings, digestOf, hasLoneSurrogate } from './render-fixtures.js';

const total = (embeds: ReadonlyArray<{ title?: string; description?: string; footer?: { text: string }; fields?: Array<{ name: string; value: string }> }>): number =>
  embeds.reduce((sum, e) => sum + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((s, f) => s + f.name.length + f.value.length, 0), 0);

describe('delivery keys on Discord', () => {
  it('derives a 25-character nonce per channel and key, the same on every attempt', () => {
    const nonce = nonceFor('1300000000000000401', '42');
    expect(nonce).toHaveLength(25);
    expect(nonceFor('1300000000000000401', '42')).toBe(nonce);
    expect(nonceFor('1300000000000000402', '42')).not.toBe(nonce);
    expect(nonceFor('1300000000000000401', '43')).not.toBe(nonce);
    expect(nonceFor('1', 'k'.repeat(10_000))).toHaveLength(25);
  });

  it('shows a plain key as is and any other key as a digest', () => {
    expect(refFor('digest:3:2024-05-02')).toBe('digest:3:2024-05-02');
    expect(refFor('evil @everyone <@1>')).toMatch(/^h[0-9a-f]{24}$/);
    expect(refFor('x'.repeat(65))).toMatch(/^h[0-9a-f]{24}$/);
  });

  it.each(HOSTILE)('stamps the ref on %s and stays within the 6,000-character total', (_name, alert) => {
    for (const message of [renderDiscordAlert(alert), renderDiscordDigest(digestOf(alert))]) {
      const stamped = stampRef(message, refFor('delivery:123456789'));
      expect(stamped.embeds[0]?.footer?.text).toMatch(/Herald · ref delivery:123456789$/);
      expect(total(stamped.embeds)).toBeLessThanOrEqual(6000);
      expect(stamped.embeds[0]?.description ?? '').not.toMatch(/(^|[^\\])(\\\\)*\\…$/);
      for (const s of allStrings(stamped)) expect(hasLoneSurrogate(s)).toBe(false);
      expect(stamped.allowed_mentions).toEqual(message.allowed_mentions);
      expect(carriesRef({ author: { id: 'bot' } as never, embeds: stamped.embeds }, refFor('delivery:123456789'), 'bot')).toBe(true);
    }
  });

  it('shortens a full description to make room for the ref, between graphemes and escapes', () => {
    for (const text of ['word '.repeat(2000), '\\*\\_'.repeat(2000), '😀'.repeat(3000), 'a\u0301'.repeat(3000)]) {
      const description = text.slice(0, 4096);
      const message = { embeds: [{ title: 't'.repeat(256), description, fields: [{ name: 'Also', value: 'v'.repeat(1024) }], footer: { text: 'f'.repeat(600) } }], allowed_mentions: { parse: [] }, components: [] };
      const stamped = stampRef(message, 'a-long-reference-key-0123456789');
      expect(total(stamped.embeds)).toBeLessThanOrEqual(6000);
      expect(total(stamped.embeds)).toBeGreaterThan(6000 - 10);
      const shown = stamped.embeds[0]?.description ?? '';
      expect(shown.endsWith('…')).toBe(true);
      expect(description.startsWith(shown.slice(0, -1))).toBe(true);
      // Never half an escape before the ellipsis, never half a surrogate pair.
      expect(shown).not.toMatch(/(^|[^\\])(\\\\)*\\…$/);
      expect(hasLoneSurrogate(shown)).toBe(false);
      expect(stamped.embeds[0]?.fields).toEqual(message.embeds[0]?.fields);
    }
  });

  it('drops the last topics of a digest that fills the embed rather than break the total', () => {
    const alert = HOSTILE.find(([name]) => name === '40 topics')![1];
    const digest = renderDiscordDigest(digestOf(alert));
    const stamped = stampRef(digest, 'digest:12:2024-05-02');
    expect(total(digest.embeds)).toBeLessThanOrEqual(6000);
    expect(total(stamped.embeds)).toBeLessThanOrEqual(6000);
    expect(stamped.embeds[0]?.fields?.length).toBeGreaterThanOrEqual((digest.embeds[0]?.fields?.length ?? 0) - 1);
  });

  it('recognises only the bot’s own message with exactly that ref', () => {
    const embeds = stampRef(renderDiscordAlert(HOSTILE[0]![1]), '42').embeds;
    const by = (id: string): never => ({ id }) as never;
    expect(carriesRef({ author: by('bot'), embeds }, '42', 'bot')).toBe(true);
    expect(carriesRef({ author: by('someone'), embeds }, '42', 'bot')).toBe(false);
    expect(carriesRef({ author: by('bot'), embeds }, '2', 'bot')).toBe(false);
    expect(carriesRef({ author: by('bot'), embeds: [] }, '42', 'bot')).toBe(false);
  });

  it('turns a time into the smallest snowflake of that millisecond', () => {
    expect(snowflakeAt(1_420_070_400_000)).toBe('0');
    expect(BigInt(snowflakeAt(1_714_564_800_000)) >> 22n).toBe(1_714_564_800_000n - 1_420_070_400_000n);
  });
});

describe('classifyDiscordError', () => {
  const apiError = (status: number, code: number, message: string): DiscordAPIError =>
    new DiscordAPIError({ code, message }, code, status, 'POST', 'https://discord.test/api/v10/channels/1/messages', { body: {}, files: undefined });

  it.each([
    [403, 50013, 'permanent', 'Missing Permissions'],
    [403, 50001, 'permanent', 'Missing Access'],
    [404, 10003, 'permanent', 'Unknown Channel'],
    [404, 10004, 'permanent', 'Unknown Guild'],
    [404, 10008, 'permanent', 'deleted'],
    [400, 50035, 'transient', 'Invalid Form Body'],
    [401, 0, 'transient', 'DISCORD_TOKEN'],
  ])('HTTP %i code %i → %s', (status, code, kind, reason) => {
    const result = classifyDiscordError(apiError(status, code, status === 400 ? 'Invalid Form Body' : 'x'));
    expect(result.kind).toBe(kind);
    expect(result.reason).toContain(reason);
  });

  it('5xx after retries → transient; a long rate limit → transient with its wait', () => {
    expect(classifyDiscordError(new HTTPError(502, 'Bad Gateway', 'POST', 'https://discord.test/x', { body: {}, files: undefined }))).toEqual({
      ok: false,
      kind: 'transient',
      reason: 'Discord answered HTTP 502',
      retryAfterMs: null,
    });
    const limited = new RateLimitError({
      timeToReset: 30_000,
      limit: 5,
      method: 'POST',
      hash: 'h',
      url: 'https://discord.test/x',
      route: '/channels/:id/messages',
      majorParameter: '1',
      global: false,
      retryAfter: 30_050,
      sublimitTimeout: 0,
      scope: 'user',
    });
    expect(classifyDiscordError(limited)).toMatchObject({ kind: 'transient', retryAfterMs: 30_050 });
  });

  it('a connection that never opened → transient; one lost mid-request or a timeout → unknown', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    const reset = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    const timeout = Object.assign(new Error('This operation was aborted'), { name: 'AbortError' });
    expect(classifyDiscordError(refused)).toMatchObject({ kind: 'transient', reason: expect.stringContaining('ECONNREFUSED') });
    expect(classifyDiscordError(reset)).toEqual({ ok: false, kind: 'unknown', reason: 'connection to Discord lost mid-request (UND_ERR_SOCKET)' });
    expect(classifyDiscordError(timeout)).toEqual({ ok: false, kind: 'unknown', reason: 'connection to Discord lost mid-request (timeout)' });
  });
});
