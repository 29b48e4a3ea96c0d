// `/news feeds add URL`: preview the feed through the SSRF guard, then add it for this workspace,
// and say plainly what stopped it when it cannot be added.
import { HeraldError } from '../../errors.js';
import type { ChatCommand, CommandContext, Reply, ReplyStory, ReplyText } from './command.js';
import type { CommandDeps, FeedPreview } from './command-deps.js';
import { feedName } from './feeds.js';
import { emptyReply, moderatorRefusal, workspaceOf, workspaceScope } from './reply-parts.js';

// The issue asks for the latest three items in the preview.
const PREVIEW_ITEMS = 3;
const MAX_DISCOVERED = 3;

/** Previews, then adds the feed; only this workspace's subscriptions get its stories. */
export async function answerFeedAdd(deps: CommandDeps, command: Extract<ChatCommand, { name: 'feeds'; action: 'add' }>, context: CommandContext): Promise<Reply> {
  if (!context.isModerator) return moderatorRefusal(context, 'adding a feed');
  let preview: FeedPreview;
  try {
    preview = await deps.previewFeed(command.url);
  } catch (error) {
    // Only the fetcher's own verdicts are answers; anything else is a bug for the caller to log.
    if (!(error instanceof HeraldError) || !error.code.startsWith('ingest/')) throw error;
    deps.log.info({ url: command.url, code: error.code, user: context.userId }, 'feed preview refused');
    return previewProblem(error, command.url);
  }
  const workspace = workspaceOf(context);
  const { feed, created } = deps.store.addWorkspaceFeed(workspace, { url: preview.url, title: preview.title }, deps.clock());
  if (!created) {
    const reply = emptyReply('info', `Herald already reads this feed (#${feed.id})`);
    if (feed.scope === 'global') reply.body.push([feedName(feed), " is in the operator's catalogue, so its stories already reach this workspace. Nothing was added."]);
    else if (feed.scope === workspaceScope(workspace)) reply.body.push([feedName(feed), ' was already added here. Nothing was added.']);
    else {
      reply.tone = 'warning';
      reply.body.push([feedName(feed), ' was added by another workspace, so its stories do not reach this one. Ask the operator to put it in the catalogue.']);
    }
    return reply;
  }
  deps.log.info({ feed: feed.id, url: feed.url, user: context.userId, workspace: context.workspaceId }, 'workspace feed added');
  const reply = emptyReply('success', `Added feed #${feed.id}`, 'channel');
  reply.body.push([feedName(feed), ' is now read for this workspace; its stories reach only subscriptions here.']);
  if (preview.items.length === 0) reply.body.push(['It has no items yet; new ones will be picked up by the next polls.']);
  else reply.body.push([preview.items.length > PREVIEW_ITEMS ? `Its latest ${PREVIEW_ITEMS} items:` : 'Its latest items:']);
  const source = previewSource(preview);
  reply.stories = preview.items.slice(0, PREVIEW_ITEMS).map(
    (item): ReplyStory => ({ headline: item.title, url: item.url, summary: null, sources: [source], publishedAt: item.publishedAt, topics: [] }),
  );
  reply.footer = `Remove it with /news feeds remove ${feed.id}.`;
  return reply;
}

// Items in a preview carry no outlet name of their own: the feed's title, else its host.
function previewSource(preview: FeedPreview): string {
  const title = preview.title?.trim();
  if (title !== undefined && title !== '') return title;
  try {
    return new URL(preview.url).hostname;
  } catch {
    return preview.url;
  }
}

/** What the fetcher found, in words a moderator can act on. The URL is the member's own text. */
export function previewProblem(error: HeraldError, url: string): Reply {
  const reply = emptyReply('error', 'Could not add that feed');
  reply.body.push([describeProblem(error)]);
  const discovered = discoveredFeeds(error);
  if (discovered.length > 0) {
    reply.body.push(['That page links to these feeds — add one of them instead:']);
    reply.list = discovered.map((found): ReplyText => [{ link: { text: found, url: found } }]);
  }
  reply.body.push(['Address: ', { untrusted: url }, '. Nothing was added.']);
  return reply;
}

function describeProblem(error: HeraldError): string {
  switch (error.code) {
    case 'ingest/blocked-address':
      return 'That address is on a private or internal network, so Herald will not fetch it.';
    case 'ingest/bad-url':
      return 'Herald cannot fetch that address: only public http:// and https:// addresses work.';
    case 'ingest/timeout':
    case 'ingest/aborted':
      return 'The site took too long to answer. Try again later.';
    case 'ingest/network':
      return 'Herald could not reach the site: the name does not resolve, or the connection was refused.';
    case 'ingest/http-status': {
      const status = typeof error.details['status'] === 'number' ? error.details['status'] : null;
      return status === null ? 'The site answered with an error.' : `The site answered with HTTP ${status}${status === 404 ? ' (not found)' : ''}.`;
    }
    case 'ingest/too-large':
      return 'The feed is larger than Herald accepts.';
    case 'ingest/too-many-redirects':
    case 'ingest/redirect-loop':
      return 'The address redirects too many times, or in a loop.';
    case 'ingest/not-a-feed':
      return 'That address is not an RSS, Atom or JSON feed.';
    case 'ingest/empty':
      return 'That address returned an empty document, not a feed.';
    case 'ingest/decode':
    case 'ingest/xml-syntax':
    case 'ingest/json-syntax':
      return 'That address returned a broken document that Herald cannot read as a feed.';
    default:
      return 'Herald could not read a feed at that address.';
  }
}

// parse-feed puts the feeds an HTML page links to in details.discovered.
function discoveredFeeds(error: HeraldError): string[] {
  const discovered = error.details['discovered'];
  if (!Array.isArray(discovered)) return [];
  return discovered.filter((entry): entry is string => typeof entry === 'string' && /^https?:\/\//i.test(entry)).slice(0, MAX_DISCOVERED);
}
