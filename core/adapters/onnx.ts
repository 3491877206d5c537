// The only place that constructs ONNX Runtime sessions and tensors (ARCHITECTURE §3 "No singletons"). Callers
// see plain typed arrays. Device 'cuda' asks for onnxruntime-node's CUDA execution provider; when it cannot be
// loaded (no GPU, no CUDA libraries, a CPU-only install) the session is created on CPU and a warning says so:
// asking for a GPU never makes an embed run fail.

import ort from 'onnxruntime-node';
import { AppError } from '../contract/errors.js';

/** Where inference runs. */
export type OnnxDevice = 'cpu' | 'cuda';

/** How to open a session. */
export interface OnnxSessionOptions {
  device?: OnnxDevice;
  /** Threads for one operator (intra-op); default: ONNX Runtime's choice (all cores). */
  threads?: number;
  /** GPU index for 'cuda' (default 0). */
  deviceId?: number;
  /** For error messages: where the model came from. */
  label?: string;
}

/** A declared input or output of the model. */
export interface OnnxValueInfo {
  name: string;
  /** Element type ('float32', 'int64', …), or 'unknown' for a non-tensor. */
  type: string;
  /** Sizes; symbolic dimensions as their names. */
  shape: (number | string)[];
}

/** A tensor fed to the model. */
export type OnnxFeed =
  | { type: 'int64'; data: BigInt64Array; dims: number[] }
  | { type: 'int32'; data: Int32Array; dims: number[] }
  | { type: 'float32'; data: Float32Array; dims: number[] };

/** A float tensor the model returned. */
export interface OnnxOutput {
  data: Float32Array;
  dims: number[];
}

/** An open session; close it when done. */
export interface OnnxSession {
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  /** Where it actually runs (after any fallback). */
  device: OnnxDevice;
  run(feeds: Record<string, OnnxFeed>, outputNames: string[]): Promise<Record<string, OnnxOutput>>;
  close(): Promise<void>;
}

/** The session plus anything the user should be told (e.g. the CUDA fallback). */
export interface OpenedSession {
  session: OnnxSession;
  warnings: string[];
}

function baseOptions(opts: OnnxSessionOptions): ort.InferenceSession.SessionOptions {
  return {
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
    interOpNumThreads: 1,
    // Exported models often trigger harmless warnings (unused initializers); only errors reach the user's terminal.
    logSeverityLevel: 3,
    ...(opts.threads ? { intraOpNumThreads: opts.threads } : {}),
  };
}

function describe(meta: readonly ort.InferenceSession.ValueMetadata[]): OnnxValueInfo[] {
  return meta.map((m) =>
    m.isTensor
      ? { name: m.name, type: m.type, shape: [...m.shape] }
      : { name: m.name, type: 'unknown', shape: [] },
  );
}

function wrap(s: ort.InferenceSession, device: OnnxDevice): OnnxSession {
  return {
    inputs: describe(s.inputMetadata),
    outputs: describe(s.outputMetadata),
    device,
    async run(feeds, outputNames) {
      const tensors: Record<string, ort.Tensor> = {};
      for (const [name, f] of Object.entries(feeds)) tensors[name] = new ort.Tensor(f.type, f.data, f.dims);
      const out = await s.run(tensors, outputNames);
      const result: Record<string, OnnxOutput> = {};
      for (const name of outputNames) {
        const t = out[name];
        if (!t || !(t.data instanceof Float32Array)) {
          throw new AppError('MODEL_INVALID', `The model's output ${name} is not a float32 tensor.`);
        }
        result[name] = { data: t.data, dims: [...t.dims] };
      }
      return result;
    },
    close: () => s.release(),
  };
}

async function create(model: string | Uint8Array, options: ort.InferenceSession.SessionOptions) {
  return typeof model === 'string'
    ? ort.InferenceSession.create(model, options)
    : ort.InferenceSession.create(model, options);
}

/** Opens a model file (path or bytes) on the requested device, falling back to CPU with a warning. */
export async function openOnnxSession(
  model: string | Uint8Array,
  opts: OnnxSessionOptions = {},
): Promise<OpenedSession> {
  const warnings: string[] = [];
  // ONNX Runtime also prints its errors to stderr (a red CUDA "cannot load library" line on every CPU-only
  // machine); each of them reaches the caller as an exception anyway, so its own logger is kept quiet.
  ort.env.logLevel = 'fatal';
  const label = opts.label ?? (typeof model === 'string' ? model : 'model');
  if (opts.device === 'cuda') {
    try {
      const s = await create(model, {
        ...baseOptions(opts),
        executionProviders: [{ name: 'cuda', deviceId: opts.deviceId ?? 0 }],
        logSeverityLevel: 4,
      });
      return { session: wrap(s, 'cuda'), warnings };
    } catch (e) {
      const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
      warnings.push(
        `CUDA is not available (${why}); running on CPU instead. To use an NVIDIA GPU (Linux x64), install ` +
          "onnxruntime-node's CUDA 12 binaries (npm install with --onnxruntime-node-install=cuda12) and the CUDA " +
          '12 and cuDNN libraries it needs.',
      );
    }
  }
  try {
    const s = await create(model, { ...baseOptions(opts), executionProviders: ['cpu'] });
    return { session: wrap(s, 'cpu'), warnings };
  } catch (e) {
    throw new AppError(
      'MODEL_INVALID',
      `ONNX Runtime cannot load ${label}: ${e instanceof Error ? e.message : String(e)}`,
      {
        file: typeof model === 'string' ? model : undefined,
        hint: 'Check that the file is a complete ONNX model.',
      },
      { cause: e },
    );
  }
}
