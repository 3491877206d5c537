// Small helpers to write ONNX graphs by hand with onnx-proto (a dev dependency: only build scripts and tests
// use it, never the app). Encoding is deterministic: the same graph object gives the same bytes.

import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

/** ONNX element types used here (TensorProto.DataType). */
export const DType = { FLOAT: 1, INT8: 3, INT32: 6, INT64: 7 } as const;

/** A graph node: op, inputs, outputs, attributes. */
export type NodeSpec = onnxProto.onnx.INodeProto;
/** An initializer tensor. */
export type TensorSpec = onnxProto.onnx.ITensorProto;

/** A dimension: a fixed size or a symbolic name ('batch'). */
export type Dim = number | string;

/** Little-endian bytes of a typed array (ONNX raw_data is little-endian, as are the platforms we ship on). */
function rawBytes(a: Float32Array | Int8Array | BigInt64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** A float32 initializer. */
export function floatTensor(name: string, dims: number[], data: Float32Array): TensorSpec {
  if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`${name}: size does not match dims`);
  return { name, dims, dataType: DType.FLOAT, rawData: rawBytes(data) };
}

/** An int8 initializer. */
export function int8Tensor(name: string, dims: number[], data: Int8Array): TensorSpec {
  if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`${name}: size does not match dims`);
  return { name, dims, dataType: DType.INT8, rawData: rawBytes(data) };
}

/** An int64 initializer (dims [] for a scalar). */
export function int64Tensor(name: string, dims: number[], values: number[]): TensorSpec {
  return { name, dims, dataType: DType.INT64, rawData: rawBytes(BigInt64Array.from(values.map(BigInt))) };
}

/** A float scalar or vector constant initializer. */
export function floatConst(name: string, values: number[], dims: number[] = []): TensorSpec {
  return floatTensor(name, dims, Float32Array.from(values));
}

type AttrValue = number | number[] | { float: number };

/** A node; integer attributes as numbers/number arrays, float attributes as { float: x }. */
export function node(
  op: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, AttrValue> = {},
): NodeSpec {
  const AT = onnx.AttributeProto.AttributeType;
  const attribute = Object.entries(attrs).map(([name, v]) =>
    Array.isArray(v)
      ? { name, type: AT.INTS, ints: v }
      : typeof v === 'number'
        ? { name, type: AT.INT, i: v }
        : { name, type: AT.FLOAT, f: v.float },
  );
  return { opType: op, input: inputs, output: outputs, name: `${op}_${outputs[0]}`, attribute };
}

/** A graph input or output declaration. */
export function valueInfo(name: string, elemType: number, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  const dim = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/** Everything a model file needs. */
export interface GraphSpec {
  name: string;
  doc: string;
  nodes: NodeSpec[];
  inputs: onnxProto.onnx.IValueInfoProto[];
  outputs: onnxProto.onnx.IValueInfoProto[];
  initializers: TensorSpec[];
  /** Free-form metadata stored in the model (seed, sizes…). */
  metadata?: Record<string, string>;
}

/** Encodes a graph as an ONNX model (IR 8, default opset 17). */
export function encodeModel(g: GraphSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'sluice',
    producerVersion: '1',
    docString: g.doc,
    metadataProps: Object.entries(g.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: { name: g.name, node: g.nodes, input: g.inputs, output: g.outputs, initializer: g.initializers },
  });
  return onnx.ModelProto.encode(model).finish();
}
