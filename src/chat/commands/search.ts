// `/news search <query> [topic] [since] [page]`: full-text search, best and newest first, a page at a time.
import type { ChatCommand, CommandContext, Reply, ReplyStory } from './command.js';
import type { CommandDeps } from './command-deps.js';
import { describeTopic, emptyReply, workspaceOf } from './reply-parts.js';
import { resolveSince } from './option-values.js';

/** Results per page: a reply shows every story in full, and ten would crowd a phone screen. */
export const SEARCH_PAGE_SIZE = 5;

/**
 * One page of results. The footer says how to get the next page without repeating the member's
 * words: footers are Herald's text and are not escaped, and the query is not.
 */
export function answerSearch(deps: CommandDeps, command: Extract<ChatCommand, { name: 'search' }>, context: CommandContext): Reply {
  const since = command.since === null ? null : resolveSince(command.since, deps.clock());
  const page = deps.store.searchStories(workspaceOf(context), command.query, { topic: command.topic, since, page: command.page, pageSize: SEARCH_PAGE_SIZE });
  const visibility = command.share ? 'channel' : 'ephemeral';
  const filters = [
    command.topic === null ? null : `about ${describeTopic(command.topic, deps.topics)}`,
    command.since === null ? null : `since ${command.since}`,
  ].filter((filter) => filter !== null);
  const scope = filters.length === 0 ? '' : ` (${filters.join(', ')})`;

  if (page.hits.length === 0) {
    if (command.page > 1) {
      const reply = emptyReply('info', 'No more results', visibility);
      reply.body.push(['Page ', String(command.page), ' is past the last result for ', { untrusted: command.query }, `${scope}. Try page:1.`]);
      return reply;
    }
    const reply = emptyReply('info', 'Nothing found', visibility);
    reply.body.push(['No stories match ', { untrusted: command.query }, `${scope}.`]);
    reply.body.push([filters.length === 0 ? 'Try fewer or different words.' : 'Try fewer words, or drop the topic or since filter.']);
    return reply;
  }

  const reply = emptyReply('info', 'Search results', visibility);
  reply.body.push(['Stories matching ', { untrusted: command.query }, `${scope}, best and newest first.`]);
  reply.stories = page.hits.map(({ itemId: _itemId, ...story }): ReplyStory => story);
  const more = page.more ? ` · more: the same search with page:${command.page + 1}` : command.page > 1 ? ' · that is all' : '';
  reply.footer = page.more || command.page > 1 ? `Page ${command.page}${more}` : null;
  return reply;
}
