// `/news status`: feed health, last poll, alerts waiting, paused subscriptions and the version.
import type { CommandContext, Reply } from './command.js';
import type { CommandDeps } from './command-deps.js';
import { summariseCounts } from './feeds.js';
import { describeTime, emptyReply, plural, workspaceOf } from './reply-parts.js';
import { describeSubscription } from './subscriptions.js';

export function answerStatus(deps: CommandDeps, context: CommandContext): Reply {
  const figures = deps.store.statusFigures(workspaceOf(context));
  const now = deps.clock();
  const troubled = figures.paused.length > 0 || figures.feeds.failing > 0 || figures.feeds.disabled > 0;
  const reply = emptyReply(troubled ? 'warning' : 'info', 'Herald status');
  reply.fields = [
    { label: 'Feeds', value: [summariseCounts(figures.feeds)] },
    { label: 'Last poll', value: [describeTime(figures.lastPollAt, now)] },
    { label: 'Alerts waiting', value: [figures.backlog === 0 ? 'none' : plural(figures.backlog, 'alert')] },
    { label: 'Items stored', value: [plural(figures.items, 'item')] },
    { label: 'Version', value: [deps.version] },
  ];
  if (figures.paused.length > 0) {
    reply.body.push([`${plural(figures.paused.length, 'subscription is', 'subscriptions are')} paused, so nothing is posted for them:`]);
    reply.list = figures.paused.map((subscription) => describeSubscription(subscription, deps.topics, context));
    reply.footer = 'Fix the cause (give Herald back its access, or restore the channel), then a moderator subscribes again to resume.';
  } else {
    reply.body.push([troubled ? 'Some feeds have problems; /news feeds shows which.' : 'Everything is running.']);
  }
  return reply;
}
