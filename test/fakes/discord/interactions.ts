// Injected interactions and what the bot answered to each: the exchange record, lookup by id and
// token, and promises that resolve when an answer is complete.
import type { FakeContext } from './context.js';
import { buildInteraction } from './interaction-payload.js';
import type { BuiltInteraction } from './interaction-payload.js';
import type { StoredMessage } from './messages.js';
import type { CommandRegistry } from './routes-commands.js';
import type { InjectInteractionInput, InteractionExchange, WaitOptions } from './types.js';

/** One interaction's server-side state. */
export interface InteractionState {
  built: BuiltInteraction;
  exchange: InteractionExchange;
  createdAt: number;
  acknowledged: boolean;
  /** The @original message (the reply, the deferred placeholder, or the component's message). */
  original: StoredMessage | undefined;
  followUps: Map<string, StoredMessage>;
}

interface Waiter {
  until: (exchange: InteractionExchange) => boolean;
  resolve: (exchange: InteractionExchange) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export interface InteractionRegistry {
  /** Builds, registers and returns an interaction; the caller dispatches it. */
  create(input: InjectInteractionInput): InteractionState;
  byId(id: string): InteractionState | undefined;
  byToken(token: string): InteractionState | undefined;
  exchanges: ReadonlyMap<string, InteractionExchange>;
  /** Re-checks the waiters of an interaction after its exchange changed. */
  changed(state: InteractionState): void;
  waitFor(id: string, options?: WaitOptions): Promise<InteractionExchange>;
  /** Rejects every pending wait and clears its timer. */
  close(): void;
}

/** Complete when a callback arrived and, if it only deferred (5 or 6), an edit or follow-up too. */
export function answered(exchange: InteractionExchange): boolean {
  const type = exchange.callback?.['type'];
  if (type === undefined) return false;
  return (type !== 5 && type !== 6) || exchange.edits.length + exchange.followUps.length > 0;
}

export function createInteractionRegistry(ctx: FakeContext, commands: CommandRegistry): InteractionRegistry {
  const byId = new Map<string, InteractionState>();
  const byToken = new Map<string, InteractionState>();
  const exchanges = new Map<string, InteractionExchange>();
  const waiters = new Map<string, Waiter[]>();
  let closed = false;

  const settle = (id: string): void => {
    const list = waiters.get(id);
    const exchange = exchanges.get(id);
    if (list === undefined || exchange === undefined) return;
    const keep = list.filter((w) => {
      if (!w.until(exchange)) return true;
      clearTimeout(w.timer);
      w.resolve(exchange);
      return false;
    });
    if (keep.length === 0) waiters.delete(id);
    else waiters.set(id, keep);
  };

  return {
    create(input) {
      const built = buildInteraction(ctx, commands, input);
      const exchange: InteractionExchange = { id: built.id, token: built.token, interaction: built.payload, callback: undefined, edits: [], followUps: [], original: undefined, requests: [] };
      const original = built.messageId === undefined ? undefined : ctx.messages.get(built.messageId);
      const state: InteractionState = { built, exchange, createdAt: Date.now(), acknowledged: false, original, followUps: new Map() };
      byId.set(built.id, state);
      byToken.set(built.token, state);
      exchanges.set(built.id, exchange);
      return state;
    },
    byId: (id) => byId.get(id),
    byToken: (token) => byToken.get(token),
    exchanges,
    changed: (state) => settle(state.built.id),
    waitFor(id, options = {}) {
      const exchange = exchanges.get(id);
      if (exchange === undefined) return Promise.reject(new Error(`fake-discord: no interaction ${id} was injected`));
      const until = options.until ?? answered;
      if (until(exchange)) return Promise.resolve(exchange);
      if (closed) return Promise.reject(new Error('fake-discord: closed'));
      return new Promise<InteractionExchange>((resolve, reject) => {
        const timeoutMs = options.timeoutMs ?? 10_000;
        const timer = setTimeout(() => {
          const list = waiters.get(id) ?? [];
          waiters.set(id, list.filter((w) => w.timer !== timer));
          const seen = `callback ${JSON.stringify(exchange.callback?.['type'] ?? null)}, ${exchange.edits.length} edit(s), ${exchange.followUps.length} follow-up(s)`;
          reject(new Error(`fake-discord: interaction ${id} not answered within ${timeoutMs} ms (${seen})`));
        }, timeoutMs);
        const list = waiters.get(id) ?? [];
        list.push({ until, resolve, reject, timer });
        waiters.set(id, list);
      });
    },
    close() {
      closed = true;
      for (const [id, list] of waiters) {
        for (const w of list) {
          clearTimeout(w.timer);
          w.reject(new Error(`fake-discord: closed while waiting for interaction ${id}`));
        }
      }
      waiters.clear();
    },
  };
}
