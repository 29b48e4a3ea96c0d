// `/news feeds` and `/news feeds remove ID`: the feeds this workspace reads, with their health.
import { feedStatus, type Feed } from '../../domain/feed.js';
import type { ChatCommand, CommandContext, Reply, ReplyText } from './command.js';
import type { CommandDeps } from './command-deps.js';
import { describeTime, emptyReply, moderatorRefusal, plural, workspaceOf, workspaceScope } from './reply-parts.js';

// A reply is read, not scrolled: past this many lines the rest is counted.
const MAX_LINES = 25;

/** Lists the feeds, this workspace's own first, then those with problems. */
export function answerFeedList(deps: CommandDeps, context: CommandContext): Reply {
  const workspace = workspaceOf(context);
  const feeds = deps.store.listFeeds(workspace);
  if (feeds.length === 0) {
    const reply = emptyReply('info', 'No feeds yet');
    reply.body.push(['Herald reads no feeds yet. A moderator can add one with /news feeds add https://example.com/feed.xml.']);
    return reply;
  }
  const counts = { ok: 0, failing: 0, disabled: 0, new: 0 };
  for (const feed of feeds) counts[feedStatus(feed)] += 1;
  const own = workspaceScope(workspace);
  const rank = (feed: Feed): number => (feed.scope === own ? 0 : 2) + (feedStatus(feed) === 'failing' || feedStatus(feed) === 'disabled' ? 0 : 1);
  const sorted = [...feeds].sort((a, b) => rank(a) - rank(b) || a.id - b.id);

  const reply = emptyReply(counts.failing + counts.disabled > 0 ? 'warning' : 'info', `Feeds (${feeds.length})`);
  reply.body.push([summariseCounts(counts)]);
  reply.list = sorted.slice(0, MAX_LINES).map((feed) => describeFeed(feed, own, deps.clock()));
  reply.footer = [
    sorted.length > MAX_LINES ? `Showing ${MAX_LINES} of ${plural(sorted.length, 'feed')}.` : null,
    'Moderators: /news feeds add URL, /news feeds remove ID (feeds added here only).',
  ]
    .filter((part) => part !== null)
    .join(' ');
  return reply;
}

/** Removes a feed this workspace added; catalogue feeds belong to the operator. */
export function answerFeedRemove(deps: CommandDeps, command: Extract<ChatCommand, { name: 'feeds'; action: 'remove' }>, context: CommandContext): Reply {
  if (!context.isModerator) return moderatorRefusal(context, 'removing a feed');
  const workspace = workspaceOf(context);
  const feed = deps.store.listFeeds(workspace).find((candidate) => candidate.id === command.id);
  if (feed === undefined) {
    const reply = emptyReply('warning', `There is no feed #${command.id}`);
    reply.body.push(['Nothing was removed. /news feeds lists the feeds and their ids.']);
    return reply;
  }
  if (feed.scope !== workspaceScope(workspace)) return notOwnFeed(feed);
  if (!deps.store.removeWorkspaceFeed(workspace, feed.id)) return notOwnFeed(feed);
  deps.log.info({ feed: feed.id, user: context.userId, workspace: context.workspaceId }, 'workspace feed removed');
  const reply = emptyReply('success', `Removed feed #${feed.id}`, 'channel');
  reply.body.push([feedName(feed), ' is no longer read for this workspace.']);
  return reply;
}

function notOwnFeed(feed: Feed): Reply {
  const reply = emptyReply('warning', `Feed #${feed.id} is not this workspace's to remove`);
  reply.body.push([feedName(feed), " is in the operator's catalogue, so only the operator can remove it. Nothing was removed."]);
  return reply;
}

/** "3 ok · 1 failing · 0 disabled", with new feeds only when there are some. */
export function summariseCounts(counts: { ok: number; failing: number; disabled: number; new: number }): string {
  const parts = [`${counts.ok} ok`, `${counts.failing} failing`, `${counts.disabled} disabled`];
  if (counts.new > 0) parts.push(`${counts.new} not polled yet`);
  return parts.join(' · ');
}

/** "#12 Title — failing (3 in a row); last ok …; last error: …" with the untrusted parts kept apart. */
export function describeFeed(feed: Feed, ownScope: string, now: Date): ReplyText {
  const line: Array<ReplyText[number]> = [`#${feed.id} `, feedName(feed)];
  const { health } = feed;
  switch (feedStatus(feed)) {
    case 'ok':
      line.push(` — ok, last ok ${describeTime(health.lastOkAt, now)}`);
      break;
    case 'new':
      line.push(' — not polled yet');
      break;
    case 'failing':
      line.push(` — failing (${plural(health.consecutiveFailures, 'failure')} in a row), last ok ${describeTime(health.lastOkAt, now)}`);
      if (health.lastError !== null) line.push('; last error: ', { untrusted: health.lastError });
      break;
    case 'disabled':
      line.push(` — disabled since ${describeTime(health.disabledAt, now)}`);
      if (health.disabledReason !== null) line.push(': ', { untrusted: health.disabledReason });
      break;
  }
  if (feed.scope === ownScope) line.push(' · added here');
  return line;
}

/** The feed's title linked to its address (the URL itself when it has no title). */
export function feedName(feed: Pick<Feed, 'title' | 'url'>): ReplyText[number] {
  const title = feed.title?.trim();
  return { link: { text: title !== undefined && title !== '' ? title : feed.url, url: feed.url } };
}
