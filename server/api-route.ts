// POST /api/<method>: one contract call per request. The body is the request object, the answer the
// Result as JSON. Transport problems (unknown method, bad JSON, too large) get an HTTP status and a
// Result-shaped body; everything the engine says is 200 with its Result, failures included.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { METHOD_NAMES, type AppApi, type MethodName } from '../core/contract/api.js';
import { serializeError, type ErrorCode } from '../core/contract/errors.js';
import { fail, type Result } from '../core/contract/result.js';

/** Largest request body accepted (a schema can be big; rows never travel this way). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

const METHODS = new Set<string>(METHOD_NAMES);

/** True when `name` is a contract method. */
export function isMethodName(name: string): name is MethodName {
  return METHODS.has(name);
}

/** Sends a Result (or any JSON) with a status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** A Result-shaped transport error. */
export function transportError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  hint?: string,
) {
  sendJson(res, status, fail({ code, message, details: hint ? { hint } : {} }));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Handles one API request for `method` (the path after /api/). */
export async function handleApi(
  api: AppApi,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
  onError: (e: unknown) => void,
): Promise<void> {
  if (!isMethodName(method)) return transportError(res, 404, 'NOT_FOUND', `Unknown method '${method}'.`);
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST');
    return transportError(res, 405, 'BAD_USAGE', `Use POST for ${method}.`);
  }
  const text = await readBody(req);
  if (text === null) {
    req.resume();
    return transportError(res, 413, 'BAD_USAGE', `Request body over ${MAX_BODY_BYTES} bytes.`);
  }
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return transportError(res, 400, 'BAD_USAGE', 'Request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return transportError(res, 400, 'BAD_USAGE', 'Request body must be a JSON object.');
  let result: Result<unknown>;
  try {
    // The method table is typed per name; the request shape is the engine's to check.
    const call = api[method] as (r: unknown) => Promise<Result<unknown>>;
    result = await call.call(api, body);
  } catch (e) {
    // A bridge must never throw; if the engine does anyway, the client still gets a Result.
    onError(e);
    result = fail(serializeError(e));
  }
  sendJson(res, 200, result);
}
