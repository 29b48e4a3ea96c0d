// The commands the latency benchmark sends, the way members would over a busy minute: recent
// stories with and without a topic, and searches for common words, rare names, phrases, with a
// topic or a since filter, and second pages.
import type { ChatCommand } from '../src/chat/commands/command.js';
import { storyNames, type CommandTopic } from './command-items.js';
import type { Random } from './seeded-random.js';

export type CommandKind = 'recent' | 'recent topic' | 'search common word' | 'search rare name' | 'search phrase' | 'search + topic' | 'search page 2' | 'search + since';

/** Kinds and how many of every 20 commands are of that kind. */
export const COMMAND_MIX: ReadonlyArray<{ kind: CommandKind; weight: number }> = [
  { kind: 'recent', weight: 3 },
  { kind: 'recent topic', weight: 3 },
  { kind: 'search common word', weight: 3 },
  { kind: 'search rare name', weight: 3 },
  { kind: 'search phrase', weight: 3 },
  { kind: 'search + topic', weight: 2 },
  { kind: 'search page 2', weight: 2 },
  { kind: 'search + since', weight: 1 },
];

const TOPICS: readonly CommandTopic[] = ['copyright-law', 'hacktivism'];
// In a third to a half of all items (news words) or in every on-topic story's lead (topic words).
const COMMON = ['court', 'police', 'government report', 'copyright', 'piracy', 'DDoS', 'data leak', 'million users'] as const;
const PHRASES = ['"fair use"', '"copyright infringement"', '"DDoS attack"', '"statutory damages"', '"data leak"', '"the court"'] as const;

export interface PlannedCommand {
  kind: CommandKind;
  command: ChatCommand;
}

/**
 * `count` commands in a shuffled order that keeps the mix's shares; rare names are those of
 * `storyIndexes` (stories that exist), so those searches find their reports.
 */
export function planCommands(random: Random, count: number, storyIndexes: readonly number[]): PlannedCommand[] {
  const kinds: CommandKind[] = [];
  while (kinds.length < count) {
    const round = COMMAND_MIX.flatMap(({ kind, weight }) => Array.from({ length: weight }, () => kind));
    // Fisher–Yates per round of 20, so every second of the run has the same mix.
    for (let i = round.length - 1; i > 0; i--) {
      const j = random.int(0, i);
      [round[i], round[j]] = [round[j] as CommandKind, round[i] as CommandKind];
    }
    kinds.push(...round);
  }
  return kinds.slice(0, count).map((kind) => ({ kind, command: commandOf(kind, random, storyIndexes) }));
}

function commandOf(kind: CommandKind, random: Random, storyIndexes: readonly number[]): ChatCommand {
  const search = (query: string, extra: Partial<Extract<ChatCommand, { name: 'search' }>> = {}): ChatCommand => ({ name: 'search', query, topic: null, since: null, page: 1, share: false, ...extra });
  switch (kind) {
    case 'recent':
      return { name: 'recent', topic: null, count: 5, share: false };
    case 'recent topic':
      return { name: 'recent', topic: random.pick(TOPICS), count: 10, share: false };
    case 'search common word':
      return search(random.pick(COMMON));
    case 'search rare name': {
      const names = storyNames(random.pick(storyIndexes));
      return search(random.chance(0.5) ? names[0] : names.join(' '));
    }
    case 'search phrase':
      return search(random.pick(PHRASES));
    case 'search + topic':
      return search(random.pick(COMMON), { topic: random.pick(TOPICS) });
    case 'search page 2':
      return search(random.pick(COMMON), { page: 2 });
    case 'search + since':
      return search(random.pick(COMMON), { since: random.pick(['24h', '7d', '30d']) });
  }
}
