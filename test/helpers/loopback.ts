// Starting a test server the one way tests may: on 127.0.0.1, a free port, with its sockets
// tracked so close() can end keep-alive connections instead of waiting for them.
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Listens on 127.0.0.1 at a free port; returns the port and the live sockets. */
export async function listenOnLoopback(server: Server): Promise<{ port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return { port: (server.address() as AddressInfo).port, sockets };
}
