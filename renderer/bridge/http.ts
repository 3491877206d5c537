// The web-mode bridge: each method is a POST to /api/<method> with the token header, events arrive on the
// /events WebSocket (opened on first subscription, reopened with backoff when it drops). It uses only
// fetch and a WebSocket constructor, injected or global, so it runs in the browser and in Node tests alike.

import type {
  AppBridge,
  AppEvents,
  EventName,
  MethodName,
  RequestOf,
  ValueOf,
} from '../../core/contract/api.js';
import { fail, type Result } from '../../core/contract/result.js';
import { callEach } from './call-each.js';

/** The part of the WebSocket API the bridge uses (browser WebSocket and the `ws` package both fit). */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  close(): void;
}

/** A WebSocket constructor. */
export type SocketCtor = new (url: string) => SocketLike;

/** Options of the HTTP bridge. */
export interface HttpBridgeOptions {
  /** The server's origin, e.g. `http://127.0.0.1:4173` (in the page: `location.origin`). */
  baseUrl: string;
  token: string;
  fetch?: typeof globalThis.fetch;
  WebSocket?: SocketCtor;
  /** First reconnect delay; doubles up to 10 s. */
  reconnectMs?: number;
}

/** The HTTP bridge plus control of its event socket. */
export type HttpBridge = AppBridge & {
  /** Resolves once the event socket is open (events emitted before that are not seen). */
  connected(): Promise<void>;
  close(): void;
};

const LOST = {
  code: 'IO_TRANSIENT',
  message: 'Lost the connection to the Sluice server.',
  details: { hint: 'Check that `sluice serve` is still running, then retry.' },
} as const;

/** Creates a bridge to a web-mode server. */
export function createHttpBridge(opts: HttpBridgeOptions): HttpBridge {
  const base = opts.baseUrl.replace(/\/$/, '');
  const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis);
  const Socket = opts.WebSocket ?? (globalThis as { WebSocket?: SocketCtor }).WebSocket;
  const handlers = new Map<EventName, Set<(p: never) => void>>();
  let socket: SocketLike | null = null;
  let closed = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let delay = opts.reconnectMs ?? 500;
  let opened: () => void = () => {};
  let whenOpen = new Promise<void>((r) => (opened = r));

  async function call<M extends MethodName>(method: M, req: RequestOf<M>): Promise<Result<ValueOf<M>>> {
    let res: Response;
    try {
      res = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sluice-token': opts.token },
        body: JSON.stringify(req),
      });
    } catch {
      return fail({ ...LOST, details: { ...LOST.details } });
    }
    try {
      // The server answers every request, refusals included, with a Result-shaped body.
      return (await res.json()) as Result<ValueOf<M>>;
    } catch {
      return fail({
        code: 'INTERNAL',
        message: `The server sent an unreadable answer (HTTP ${res.status}).`,
        details: {},
      });
    }
  }

  function dispatch(data: unknown): void {
    let msg: { event?: EventName; payload?: unknown };
    try {
      msg = JSON.parse(String(data)) as typeof msg;
    } catch {
      return;
    }
    for (const h of [...(handlers.get(msg.event as EventName) ?? [])])
      (h as (p: unknown) => void)(msg.payload);
  }

  function connect(): void {
    if (socket || closed || !Socket) return;
    const ws = new Socket(`${base.replace(/^http/, 'ws')}/events?token=${encodeURIComponent(opts.token)}`);
    socket = ws;
    ws.onopen = () => {
      delay = opts.reconnectMs ?? 500;
      opened();
    };
    ws.onmessage = (ev) => dispatch(ev.data);
    ws.onerror = () => {};
    ws.onclose = () => {
      socket = null;
      whenOpen = new Promise<void>((r) => (opened = r));
      if (closed || ![...handlers.values()].some((s) => s.size)) return;
      retry = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10_000);
    };
  }

  function on<E extends EventName>(event: E, handler: (payload: AppEvents[E]) => void): () => void {
    const set = handlers.get(event) ?? new Set();
    handlers.set(event, set);
    set.add(handler as (p: never) => void);
    connect();
    return () => void set.delete(handler as (p: never) => void);
  }

  const bridge = {
    ...callEach(call),
    on,
  } satisfies AppBridge;

  return {
    ...bridge,
    connected() {
      connect();
      return whenOpen;
    },
    close() {
      closed = true;
      clearTimeout(retry);
      socket?.close();
      socket = null;
    },
  };
}
