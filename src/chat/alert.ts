// The platform-neutral messages Herald posts — an alert about a story, a digest, a notice to
// moderators — as plain data that each platform's renderer turns into its own payload.

import type { Mention } from '../domain/subscription.js';

export type { Mention };

/** One outlet that reported a story; the name and URL come from a feed and are untrusted. */
export interface AlertSource {
  name: string;
  url: string | null;
}

/**
 * An alert about one story, for one channel (one outbox row). Every string in it except the ids
 * comes from feeds and is untrusted: renderers escape and shorten it for their platform.
 */
export interface Alert {
  /** The outbox row's id: unique per channel × story, so it doubles as an idempotency key. */
  deliveryId: string;
  storyId: number;
  headline: string;
  url: string | null;
  summary: string | null;
  /** Topic ids, e.g. 'copyright-law', 'hacktivism' or a user-defined id. */
  topics: string[];
  /** Display names for topic ids; built-in topics have defaults (see {@link topicLabel}). */
  topicLabels?: Record<string, string>;
  /** First: the outlet of the headline; later ones "also reported" the story. */
  sources: AlertSource[];
  /** ISO 8601. */
  publishedAt: string;
  lang: string | null;
  mention: Mention | null;
}

/** One story in a digest; `sources` are outlet names, first the headline's. */
export interface DigestEntry {
  headline: string;
  url: string | null;
  summary: string | null;
  sources: string[];
  /** ISO 8601. */
  publishedAt: string;
}

export interface DigestGroup {
  /** Topic id. */
  topic: string;
  label?: string;
  stories: DigestEntry[];
  /** Stories of this topic the caller left out of `stories`. */
  more: number;
}

/** The stories of one period for one channel, grouped by topic. */
export interface Digest {
  period: 'daily' | 'weekly';
  /** ISO 8601, inclusive. */
  since: string;
  /** ISO 8601, exclusive. */
  until: string;
  groups: DigestGroup[];
}

/** The feed a notice is about; title and URL are untrusted. */
export interface NoticeFeed {
  id: number;
  title: string | null;
  url: string;
}

/**
 * Something moderators of a channel should know, as data: each renderer words it for its
 * platform through {@link describeNotice}.
 */
export type Notice =
  | { kind: 'feed-failing'; feed: NoticeFeed; failures: number; failingSince: string; lastError: string; nextAttemptAt: string | null }
  | { kind: 'feed-disabled'; feed: NoticeFeed; failures: number; reason: string }
  | { kind: 'feed-recovered'; feed: NoticeFeed; failingSince: string }
  | { kind: 'subscription-paused'; subscriptionId: number; topics: string[]; topicLabels?: Record<string, string>; reason: string; pausedAt: string };

/** A notice in words: Herald's own text (trusted) kept apart from text that came from outside. */
export interface NoticeDescription {
  severity: 'info' | 'warning' | 'error';
  /** Herald's wording; safe to show as is. */
  title: string;
  /** What the notice is about (a feed's title and URL): untrusted. */
  subject: { text: string; url: string | null } | null;
  /** `label` is Herald's wording, `value` is untrusted. */
  facts: Array<{ label: string; value: string }>;
  /** What a moderator can do; Herald's wording. */
  hint: string | null;
}

const BUILT_IN_LABELS: Readonly<Record<string, string>> = {
  'copyright-law': 'Copyright law',
  hacktivism: 'Hacktivism',
};

/** The display name of a topic id: the given labels, then the built-in names, then the id. */
export function topicLabel(topic: string, labels?: Readonly<Record<string, string>>): string {
  const label = labels?.[topic] ?? BUILT_IN_LABELS[topic];
  return label !== undefined && label.trim() !== '' ? label : topic;
}

/** "2024-05-01 12:00 UTC", or the input itself when it is not a date. */
export function formatUtc(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Words a notice the same way on every platform. */
export function describeNotice(notice: Notice): NoticeDescription {
  switch (notice.kind) {
    case 'feed-failing':
      return {
        severity: 'warning',
        title: 'Feed failing',
        subject: feedSubject(notice.feed),
        facts: [
          { label: 'Failures in a row', value: String(notice.failures) },
          { label: 'Failing since', value: formatUtc(notice.failingSince) },
          { label: 'Last error', value: notice.lastError },
          ...(notice.nextAttemptAt === null ? [] : [{ label: 'Next attempt', value: formatUtc(notice.nextAttemptAt) }]),
        ],
        hint: 'Herald keeps retrying with a growing delay; it disables the feed if the failures go on.',
      };
    case 'feed-disabled':
      return {
        severity: 'error',
        title: 'Feed disabled',
        subject: feedSubject(notice.feed),
        facts: [
          { label: 'Reason', value: notice.reason },
          { label: 'Failures in a row', value: String(notice.failures) },
        ],
        hint: `Alerts from this feed have stopped. An operator can re-enable it with \`herald feeds enable ${notice.feed.id}\`.`,
      };
    case 'feed-recovered':
      return {
        severity: 'info',
        title: 'Feed working again',
        subject: feedSubject(notice.feed),
        facts: [{ label: 'Failing since', value: formatUtc(notice.failingSince) }],
        hint: null,
      };
    case 'subscription-paused':
      return {
        severity: 'error',
        title: 'Alerts paused in this channel',
        subject: null,
        facts: [
          { label: 'Reason', value: notice.reason },
          { label: 'Topics', value: notice.topics.map((topic) => topicLabel(topic, notice.topicLabels)).join(', ') || '—' },
          { label: 'Paused at', value: formatUtc(notice.pausedAt) },
        ],
        hint: "Fix the cause, then run /news subscribe again in this channel: it resumes the subscription with its settings.",
      };
  }
}

function feedSubject(feed: NoticeFeed): { text: string; url: string | null } {
  const title = feed.title?.trim();
  return { text: title !== undefined && title !== '' ? title : feed.url, url: feed.url };
}
