// `/news help`, and the answer to a command Herald could not read: every subcommand with one
// example, in the syntax of the platform the member is on.
import type { PlatformName } from '../../domain/subscription.js';
import type { TopicChoice } from '../port.js';
import type { CommandName, Reply, ReplyText } from './command.js';
import { emptyReply } from './reply-parts.js';
import { COMMAND_NAMES, type CommandParse } from './schema.js';

interface Usage {
  /** What it does, in a few words. */
  what: string;
  /** Slack and console: options as words after the subcommand. */
  text: string;
  /** Discord: typed options. */
  discord: string;
  moderators?: true;
}

const USAGE: Readonly<Record<CommandName, Usage>> = {
  recent: { what: 'the latest stories (up to 10)', text: '/news recent hacktivism 5', discord: '/news recent topic:hacktivism count:5' },
  search: {
    what: 'search every stored story, best matches first',
    text: '/news search "download law" since:7d',
    discord: '/news search query:"download law" since:7d',
  },
  subscribe: {
    what: 'post alerts about a topic in this channel; add keywords, exclusions, a daily or weekly digest, a mention',
    text: '/news subscribe copyright-law keywords:"EU, DMCA" mention:@here',
    discord: '/news subscribe topic:copyright-law keywords:EU, DMCA mode:daily digest',
    moderators: true,
  },
  unsubscribe: { what: 'stop alerts about a topic here (or all of them)', text: '/news unsubscribe hacktivism', discord: '/news unsubscribe topic:hacktivism', moderators: true },
  subscriptions: { what: "what this channel follows (all: the whole workspace's)", text: '/news subscriptions all', discord: '/news subscriptions all:True' },
  feeds: {
    what: 'the feeds Herald reads and their health; moderators add a feed (previewed first) or remove one added here',
    text: '/news feeds add https://example.com/feed.xml',
    discord: '/news feeds add url:https://example.com/feed.xml',
  },
  status: { what: 'feed health, last poll, alerts waiting, paused subscriptions, version', text: '/news status', discord: '/news status' },
  help: { what: 'this list', text: '/news help', discord: '/news help' },
};

/** Every subcommand with one example, and the topics there are. */
export function helpReply(platform: PlatformName, topics: readonly TopicChoice[]): Reply {
  const reply = emptyReply('info', 'Herald: copyright-law and hacktivism news');
  reply.body.push(['Ask for the latest stories, search the archive, or have alerts posted in this channel. Answers are shown only to you; add `share` to recent or search to post them for everyone.']);
  reply.list = COMMAND_NAMES.map((name) => usageLine(name, platform));
  reply.footer = `Topics: ${[...topics.map((topic) => topic.id), 'all'].join(', ')}. Commands marked (moderators) change what a channel receives.`;
  return reply;
}

/**
 * The answer to a command that did not parse: the problems (they may quote the member, so they
 * are untrusted text), then how to write it — or the whole help for an unknown subcommand.
 */
export function rejectedCommandReply(failure: Extract<CommandParse, { ok: false }>, platform: PlatformName, topics: readonly TopicChoice[]): Reply {
  const problems = failure.problems.map((problem): ReplyText => [{ untrusted: capitalise(problem) }]);
  if (failure.command === null) {
    const help = helpReply(platform, topics);
    const guess = failure.suggestion === null ? [] : [[`Did you mean ${failure.suggestion}? `, `\`${example(failure.suggestion, platform)}\``]];
    return { ...help, tone: 'warning', title: failure.suggestion === null ? 'Herald does not know that command' : `Did you mean /news ${failure.suggestion}?`, body: [...problems, ...guess, ...help.body] };
  }
  const reply = emptyReply('warning', `That ${failure.command} command needs a fix`);
  reply.body = problems;
  reply.list = [usageLine(failure.command, platform)];
  reply.footer = '/news help lists every command.';
  return reply;
}

function usageLine(name: CommandName, platform: PlatformName): ReplyText {
  const usage = USAGE[name];
  return [`${name}${usage.moderators === true ? ' (moderators)' : ''} — ${usage.what}. Example: \`${example(name, platform)}\``];
}

function example(name: CommandName, platform: PlatformName): string {
  return platform === 'discord' ? USAGE[name].discord : USAGE[name].text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
