// Every transport bridge (HTTP, IPC) is the same table: each contract method forwards to one `call`
// function. Built from METHOD_NAMES so a method added to the contract needs no edit here.

import {
  METHOD_NAMES,
  type AppApi,
  type MethodName,
  type RequestOf,
  type ValueOf,
} from '../../core/contract/api.js';
import type { Result } from '../../core/contract/result.js';

/** Sends one contract call over a transport; must resolve to a Result, never reject. */
export type Caller = <M extends MethodName>(method: M, req: RequestOf<M>) => Promise<Result<ValueOf<M>>>;

/** The whole contract, each method forwarded to `call`. */
export function callEach(call: Caller): AppApi {
  const api: Record<string, (req: never) => unknown> = {};
  for (const m of METHOD_NAMES) api[m] = (req) => call(m, req);
  return api as unknown as AppApi;
}
