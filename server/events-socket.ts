// WebSocket /events: every contract event pushed to every connected page as `{event, payload}` text frames.

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { EVENT_NAMES, type AppEventSource } from '../core/contract/api.js';

/** Past this many buffered bytes a slow client misses progress events (never the final ones). */
const PROGRESS_DROP_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 30_000;

/** The event socket endpoint. */
export interface EventsSocket {
  /** Completes an authorised upgrade request. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Number of connected clients. */
  readonly clients: number;
  close(): Promise<void>;
}

/** Creates the endpoint, subscribing to the source once and fanning out to every client. */
export function createEventsSocket(source: AppEventSource): EventsSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const alive = new WeakSet<WebSocket>();

  const unsubscribe = EVENT_NAMES.map((event) =>
    source.on(event, (payload) => {
      const frame = JSON.stringify({ event, payload });
      for (const ws of wss.clients) {
        if (ws.readyState !== ws.OPEN) continue;
        if (event === 'jobs.progress' && ws.bufferedAmount > PROGRESS_DROP_BYTES) continue;
        ws.send(frame);
      }
    }),
  );

  wss.on('connection', (ws) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    // The page only listens; anything it sends is ignored.
    ws.on('message', () => {});
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) ws.terminate();
      else {
        alive.delete(ws);
        ws.ping();
      }
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    upgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    get clients() {
      return wss.clients.size;
    },
    close() {
      clearInterval(heartbeat);
      for (const off of unsubscribe) off();
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}
