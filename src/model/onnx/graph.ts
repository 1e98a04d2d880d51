/**
 * An ONNX graph under construction: nodes, initializers, inputs and
 * outputs, serialised to a ModelProto (field numbers from onnx.proto).
 */
import { ProtoWriter } from './protobuf.ts';

export const ONNX_FLOAT = 1;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** The operator set the exported graphs use. */
export const OPSET = 13;
const IR_VERSION = 7;

export type Attr = number | number[] | { float: number };

export interface ValueInfo {
  name: string;
  type: number;
  /** Dimensions; strings are symbolic (e.g. "rows"). */
  dims: (number | string)[];
}

export class OnnxGraph {
  private nodes: ProtoWriter[] = [];
  private inits: ProtoWriter[] = [];
  private inputs: ValueInfo[] = [];
  private outputs: ValueInfo[] = [];
  private counter = 0;

  /** A fresh value name with the given prefix. */
  fresh(prefix: string): string {
    return `${prefix}_${this.counter++}`;
  }

  input(v: ValueInfo): string {
    this.inputs.push(v);
    return v.name;
  }

  output(v: ValueInfo): void {
    this.outputs.push(v);
  }

  /** A constant tensor; returns its name. */
  constant(
    name: string,
    dims: number[],
    data: Float32Array | Int32Array | BigInt64Array,
  ): string {
    const type =
      data instanceof Float32Array
        ? ONNX_FLOAT
        : data instanceof Int32Array
          ? ONNX_INT32
          : ONNX_INT64;
    const t = new ProtoWriter();
    for (const d of dims) t.int(1, d);
    t.int(2, type).string(8, name);
    t.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    this.inits.push(t);
    return name;
  }

  /** Adds a node; returns its output names (`outputs` fresh ones). */
  node(
    op: string,
    inputs: string[],
    attrs: Record<string, Attr> = {},
    outputs = 1,
  ): string[] {
    const outs = Array.from({ length: outputs }, () => this.fresh(op));
    const n = new ProtoWriter();
    for (const i of inputs) n.string(1, i);
    for (const o of outs) n.string(2, o);
    n.string(3, this.fresh(`${op}_node`)).string(4, op);
    for (const [name, value] of Object.entries(attrs)) {
      n.message(5, attribute(name, value));
    }
    this.nodes.push(n);
    return outs;
  }

  /** A single-output node. */
  op(op: string, inputs: string[], attrs: Record<string, Attr> = {}): string {
    return this.node(op, inputs, attrs)[0];
  }

  /** Renames the value `from` to `to` through an Identity node. */
  alias(from: string, to: string): void {
    const n = new ProtoWriter();
    n.string(1, from).string(2, to).string(3, `${to}_identity`);
    n.string(4, 'Identity');
    this.nodes.push(n);
  }

  /** The serialised ModelProto. */
  toBytes(name: string, producer: string): Uint8Array {
    const g = new ProtoWriter();
    for (const n of this.nodes) g.message(1, n);
    g.string(2, name);
    for (const t of this.inits) g.message(5, t);
    for (const v of this.inputs) g.message(11, valueInfo(v));
    for (const v of this.outputs) g.message(12, valueInfo(v));
    const opset = new ProtoWriter().string(1, '').int(2, OPSET);
    const m = new ProtoWriter().int(1, IR_VERSION).string(2, producer);
    return m.message(7, g).message(8, opset).finish();
  }
}

function attribute(name: string, value: Attr): ProtoWriter {
  const a = new ProtoWriter().string(1, name);
  if (Array.isArray(value)) {
    for (const v of value) a.int(8, v);
    return a.int(20, ATTR_INTS);
  }
  if (typeof value === 'number') return a.int(3, value).int(20, ATTR_INT);
  return a.float(2, value.float).int(20, ATTR_FLOAT);
}

function valueInfo(v: ValueInfo): ProtoWriter {
  const shape = new ProtoWriter();
  for (const d of v.dims) {
    const dim = new ProtoWriter();
    if (typeof d === 'number') dim.int(1, d);
    else dim.string(2, d);
    shape.message(1, dim);
  }
  const tensor = new ProtoWriter().int(1, v.type).message(2, shape);
  const type = new ProtoWriter().message(1, tensor);
  return new ProtoWriter().string(1, v.name).message(2, type);
}
