// Concurrency limiter for outgoing fetches: a global cap and a per-host cap, so one slow site
// cannot take every slot and no site gets more than a polite number of parallel requests.

/** Gives back a slot; calling it more than once is harmless. */
export type ReleaseSlot = () => void;

export interface HostLimiterOptions {
  /** Requests in flight across all hosts. */
  concurrency: number;
  /** Requests in flight to one host. */
  perHostConcurrency: number;
}

export interface HostLimiter {
  /**
   * Waits for a slot for `host` and resolves with its release function. Waiters are served in
   * arrival order, skipping only those whose host is at its cap. If `signal` aborts while
   * waiting, the waiter leaves the queue and the promise rejects with `signal.reason`.
   */
  acquire(host: string, signal?: AbortSignal): Promise<ReleaseSlot>;
  /** Current figures, for metrics and tests. */
  stats(): { active: number; queued: number };
}

interface Waiter {
  host: string;
  grant: (release: ReleaseSlot) => void;
}

/** Creates an in-memory FIFO limiter; one per fetcher. */
export function createHostLimiter(options: HostLimiterOptions): HostLimiter {
  const concurrency = Math.max(1, Math.floor(options.concurrency));
  const perHost = Math.max(1, Math.floor(options.perHostConcurrency));
  const activeByHost = new Map<string, number>();
  const queue: Waiter[] = [];
  let active = 0;

  const take = (host: string): ReleaseSlot => {
    active += 1;
    activeByHost.set(host, (activeByHost.get(host) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      active -= 1;
      const left = (activeByHost.get(host) ?? 1) - 1;
      if (left === 0) activeByHost.delete(host);
      else activeByHost.set(host, left);
      pump();
    };
  };

  const hasRoom = (host: string): boolean => active < concurrency && (activeByHost.get(host) ?? 0) < perHost;

  function pump(): void {
    for (let index = 0; index < queue.length && active < concurrency; ) {
      const waiter = queue[index];
      if (waiter !== undefined && hasRoom(waiter.host)) {
        queue.splice(index, 1);
        waiter.grant(take(waiter.host));
      } else {
        index += 1;
      }
    }
  }

  return {
    acquire(host, signal) {
      const key = host.toLowerCase();
      if (signal?.aborted) return Promise.reject(signal.reason);
      // Only jump straight in when nobody for this host is already waiting, to keep FIFO order.
      if (hasRoom(key) && !queue.some((waiter) => waiter.host === key)) return Promise.resolve(take(key));
      return new Promise<ReleaseSlot>((resolve, reject) => {
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          if (index !== -1) queue.splice(index, 1);
          reject(signal?.reason);
        };
        const waiter: Waiter = {
          host: key,
          grant: (release) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(release);
          },
        };
        queue.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    stats: () => ({ active, queued: queue.length }),
  };
}
