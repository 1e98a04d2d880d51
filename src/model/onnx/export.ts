/**
 * Exports a trained model as an ONNX graph (opset 13) with inputs
 * `cat` (int32, rows x fields) and `dense` (float, rows x nDense; absent
 * without numeric features) and output `probs` (float, rows x tasks): the
 * same probabilities as `WinnowModel.predict()`.
 */
import type { Gate } from '../layers/gate.ts';
import type { Linear } from '../layers/linear.ts';
import type { MLP } from '../layers/mlp.ts';
import type { WinnowModel } from '../model.ts';
import { MMoE } from '../trunks/mmoe.ts';
import { PLE } from '../trunks/ple.ts';
import { SharedBottom } from '../trunks/shared-bottom.ts';
import type { Trunk } from '../trunks/trunk.ts';
import { ONNX_FLOAT, ONNX_INT32, OnnxGraph } from './graph.ts';

const ROWS = 'rows';

/** The serialised ONNX model of `model`. */
export function exportOnnx(model: WinnowModel): Uint8Array {
  const g = new OnnxGraph();
  const x = inputVector(g, model);
  const taskIns = trunk(g, model.network.trunk, x, model.tasks.length);
  const net = model.network;
  const probs = net.heads.map((head, t) => {
    const h = mlp(g, net.towers[t], taskIns[t]);
    return g.op('Sigmoid', [linear(g, head, h)]);
  });
  const out = model.esmm
    ? probs.map((p, t) => (t === 0 ? p : g.op('Mul', [probs[0], p])))
    : probs;
  const joined = out.length > 1 ? g.op('Concat', out, { axis: 1 }) : out[0];
  g.alias(joined, 'probs');
  g.output({ name: 'probs', type: ONNX_FLOAT, dims: [ROWS, out.length] });
  return g.toBytes(`winnow-${model.architecture}`, 'winnow');
}

/** [embeddings of every field, dense features], rows x (F·d + nDense). */
function inputVector(g: OnnxGraph, model: WinnowModel): string {
  const { vocabs, nDense, embDim } = model.config;
  const F = vocabs.length;
  const emb = model.network.embedding;
  const parts: string[] = [];
  if (F > 0) {
    const cat = g.input({ name: 'cat', type: ONNX_INT32, dims: [ROWS, F] });
    const offsets = g.constant('field_offsets', [F], emb.offsets);
    const table = g.constant(
      'embedding_table',
      emb.table.shape,
      new Float32Array(emb.table.value),
    );
    const ids = g.op('Add', [cat, offsets]);
    const rows = g.op('Gather', [table, ids], { axis: 0 });
    const shape = g.constant(
      'flat_shape',
      [2],
      BigInt64Array.from([0n, BigInt(F * embDim)]),
    );
    parts.push(g.op('Reshape', [rows, shape]));
  }
  if (nDense > 0) {
    parts.push(
      g.input({ name: 'dense', type: ONNX_FLOAT, dims: [ROWS, nDense] }),
    );
  }
  return parts.length > 1 ? g.op('Concat', parts, { axis: 1 }) : parts[0];
}

function trunk(g: OnnxGraph, t: Trunk, x: string, tasks: number): string[] {
  if (t instanceof SharedBottom) {
    const h = mlp(g, t.bottom, x);
    return Array.from({ length: tasks }, () => h);
  }
  if (t instanceof MMoE) {
    const outs = t.experts.map((e) => mlp(g, e, x));
    return t.gates.map((gate) => mix(g, gate, x, outs));
  }
  if (t instanceof PLE) return ple(g, t, x, tasks);
  throw new Error('unknown trunk');
}

function ple(g: OnnxGraph, t: PLE, x: string, tasks: number): string[] {
  let taskIns = Array.from({ length: tasks }, () => x);
  let sharedIn = x;
  for (const level of t.levels) {
    const shared = level.sharedExperts.map((e) => mlp(g, e, sharedIn));
    const own = level.taskExperts.map((es, k) =>
      es.map((e) => mlp(g, e, taskIns[k])),
    );
    const next = level.taskGates.map((gate, k) =>
      mix(g, gate, taskIns[k], [...own[k], ...shared]),
    );
    if (level.sharedGate) {
      sharedIn = mix(g, level.sharedGate, sharedIn, [...own.flat(), ...shared]);
    }
    taskIns = next;
  }
  return taskIns;
}

function linear(g: OnnxGraph, l: Linear, x: string): string {
  const w = g.constant(
    g.fresh('W'),
    l.weight.shape,
    new Float32Array(l.weight.value),
  );
  const b = g.constant(
    g.fresh('b'),
    l.bias.shape,
    new Float32Array(l.bias.value),
  );
  return g.op('Gemm', [x, w, b]);
}

function mlp(g: OnnxGraph, m: MLP, x: string): string {
  let h = x;
  for (const l of m.layers) h = g.op('Relu', [linear(g, l, h)]);
  return h;
}

/** Σ_e softmax(gateIn·W + b)_e · experts[e]. */
function mix(
  g: OnnxGraph,
  gate: Gate,
  gateIn: string,
  experts: string[],
): string {
  const probs = g.op('Softmax', [linear(g, gate.linear, gateIn)], { axis: 1 });
  const weights =
    experts.length > 1
      ? g.node('Split', [probs], { axis: 1 }, experts.length)
      : [probs];
  const terms = experts.map((e, i) => g.op('Mul', [weights[i], e]));
  return g.op('Sum', terms);
}
