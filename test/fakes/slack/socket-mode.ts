// Slack's Socket Mode side of the fake: one-time WebSocket URLs from apps.connections.open, the
// `hello` greeting, envelopes pushed to the app, and the acks the app sends back.
// @see https://docs.slack.dev/apis/events-api/using-socket-mode
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';

/** What the app sent back for one envelope: `{ envelope_id, payload }` (payload omitted when empty). */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

interface PendingAck {
  resolve: (ack: SocketAck) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export type SocketModeServer = ReturnType<typeof createSocketModeServer>;

/**
 * The WebSocket half of the fake; the HTTP server hands it upgrades.
 * @param wsBase `ws://127.0.0.1:PORT`
 * @param ackTimeoutMs Slack gives up on an envelope after 3 s; so does the fake (the send rejects).
 */
export function createSocketModeServer(options: { wsBase: string; appId: string; ackTimeoutMs: number }) {
  const wss = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  const open = new Set<WebSocket>();
  const pending = new Map<string, PendingAck>();
  let connectionWaiters: { count: number; resolve: () => void; reject: (error: Error) => void }[] = [];
  let connectionsEver = 0;

  const settleWaiters = (): void => {
    connectionWaiters = connectionWaiters.filter((waiter) => {
      if (open.size < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  };

  const onMessage = (data: Buffer): void => {
    let message: unknown;
    try {
      message = JSON.parse(data.toString('utf8'));
    } catch {
      return; // Slack ignores frames it cannot parse; so does the fake.
    }
    if (typeof message !== 'object' || message === null) return;
    const { envelope_id: envelopeId, payload } = message as { envelope_id?: unknown; payload?: unknown };
    if (typeof envelopeId !== 'string') return;
    const waiter = pending.get(envelopeId);
    if (waiter === undefined) return;
    pending.delete(envelopeId);
    clearTimeout(waiter.timer);
    const body = typeof payload === 'object' && payload !== null && Object.keys(payload).length > 0 ? (payload as Record<string, unknown>) : undefined;
    waiter.resolve(body === undefined ? { envelope_id: envelopeId } : { envelope_id: envelopeId, payload: body });
  };

  return {
    /** A fresh one-time URL, as apps.connections.open returns. */
    issueUrl(): string {
      const ticket = randomUUID();
      tickets.add(ticket);
      return `${options.wsBase}/socket?ticket=${ticket}&app_id=${options.appId}`;
    },

    /** Accepts an HTTP upgrade to /socket with a valid, unused ticket. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      const url = new URL(req.url ?? '/', 'http://fake-slack');
      const ticket = url.searchParams.get('ticket') ?? '';
      if (url.pathname !== '/socket' || !tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        open.add(ws);
        connectionsEver += 1;
        ws.on('message', onMessage);
        ws.on('close', () => open.delete(ws));
        ws.on('error', () => open.delete(ws));
        ws.send(
          JSON.stringify({
            type: 'hello',
            num_connections: open.size,
            debug_info: { host: 'fake-slack', build_number: 1, approximate_connection_time: 18060 },
            connection_info: { app_id: options.appId },
          }),
        );
        settleWaiters();
      });
    },

    /** Open Socket Mode connections right now. */
    connections: (): number => open.size,
    /** Connections accepted since start (a reconnect counts again). */
    connectionsEver: (): number => connectionsEver,

    /** Resolves once at least `count` connections are open. */
    waitForConnections(count = 1): Promise<void> {
      if (open.size >= count) return Promise.resolve();
      return new Promise((resolve, reject) => connectionWaiters.push({ count, resolve, reject }));
    },

    /**
     * Sends `{ envelope_id, type, payload, accepts_response_payload }` to the newest connection and
     * resolves with the app's ack. Rejects when nothing is connected or no ack comes in time.
     */
    send(type: string, payload: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<SocketAck> {
      const target = [...open].pop();
      if (target === undefined) return Promise.reject(new Error('fake Slack: no Socket Mode connection is open'));
      const envelopeId = randomUUID();
      return new Promise<SocketAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelopeId);
          reject(new Error(`fake Slack: envelope ${envelopeId} (${type}) was not acknowledged within ${options.ackTimeoutMs} ms`));
        }, options.ackTimeoutMs);
        pending.set(envelopeId, { resolve, reject, timer });
        target.send(JSON.stringify({ envelope_id: envelopeId, type, payload, ...extra }));
      });
    },

    /** Asks every client to reconnect, as Slack does before recycling a server. */
    requestRefresh(reason: 'refresh_requested' | 'warning' | 'link_disabled' = 'refresh_requested'): void {
      for (const ws of open) ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-slack' } }));
    },

    /** Cuts every connection without a close handshake. */
    drop(): void {
      for (const ws of open) ws.terminate();
    },

    /** Rejects everything pending and ends every connection. */
    close(): Promise<void> {
      const closed = new Error('fake Slack closed');
      for (const [id, waiter] of pending) {
        clearTimeout(waiter.timer);
        waiter.reject(closed);
        pending.delete(id);
      }
      for (const waiter of connectionWaiters) waiter.reject(closed);
      connectionWaiters = [];
      for (const ws of open) ws.terminate();
      open.clear();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
