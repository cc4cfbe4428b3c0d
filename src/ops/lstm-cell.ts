/**
 * The LSTM cell's pointwise part as one primitive: gate pre-activations [B, 4H] (blocks i, f, g,
 * o) and the cell state [B, H] in, h' and c' out, one kernel pass each way instead of about nine
 * elementwise ops forward and fifteen backward per step. The forward keeps the five activations
 * per unit, from which the VJP's fused backward kernel needs no exp or tanh; when the backward
 * pass itself records (createGraph), the VJP instead writes the same formulas with Tensor ops on
 * the gates, so higher-order gradients still come from the graph.
 * @module
 */
import type { FloatView } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record } from '../autograd/node.js';
import type { FloatArray } from '../dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { sigmoidBackward, tanhBackward } from './activation-grads.js';
import { cat } from './join.js';
import { empty, requireFloat } from './util.js';

/**
 * c' = σ(f)·c + σ(i)·tanh(g) and h' = σ(o)·tanh(c') for `gates` [B, 4H] and `c` [B, H], as one
 * tensor [2, B, H] holding h' then c' (take them with `select(0, 0)` and `select(0, 1)`).
 */
export function lstmCellStates(gates: Tensor, c: Tensor): Tensor {
  requireFloat('lstmCellStates', gates, 'gates');
  requireFloat('lstmCellStates', c, 'c');
  if (gates.dtype !== c.dtype) throw new DTypeError('lstmCellStates', `gates are ${gates.dtype} but c is ${c.dtype}`);
  if (gates.ndim !== 2 || c.ndim !== 2 || gates.shape[0] !== c.shape[0] || gates.shape[1] !== 4 * c.shape[1]!) {
    throw new ShapeError('lstmCellStates', `expected gates [B, 4H] and c [B, H], got gates ${fmtShape(gates.shape)} and c ${fmtShape(c.shape)}`);
  }
  const out = empty([2, ...c.shape], c.dtype);
  // σ(i), σ(f), tanh(g), σ(o), tanh(c') per row: the backward kernel's inputs (not part of the graph)
  const acts = empty([c.shape[0]!, 5 * c.shape[1]!], c.dtype);
  kernels().lstmCell(gates as FloatView, c as FloatView, out.storage as FloatArray, acts.storage as FloatArray);
  return record('LstmCellBackward', out, [gates, c], lstmCellVjp, [gates, c, acts]);
}
// d(h', c') → (d gates, dc): dc' = gc + gh·o·(1 − tanh²c'), then each gate's chain rule (ref/lstm-cell.ts)
function lstmCellVjp(grad: Tensor, [gates, c, acts]: readonly Tensor[]): Tensor[] {
  if (isGradEnabled()) return lstmCellVjpInOps(grad, gates!, c!);
  const dGates = empty(gates!.shape, gates!.dtype);
  const dc = empty(c!.shape, c!.dtype);
  kernels().lstmCellBackward(acts as FloatView, c as FloatView, grad as FloatView, dGates.storage as FloatArray, dc.storage as FloatArray);
  return [dGates, dc];
}

/** The same VJP written with differentiable ops (for a backward pass that records). */
export function lstmCellVjpInOps(grad: Tensor, gates: Tensor, c: Tensor): Tensor[] {
  const [ai, af, ag, ao] = gates.chunk(4, 1) as [Tensor, Tensor, Tensor, Tensor];
  const i = ai.sigmoid();
  const f = af.sigmoid();
  const g = ag.tanh();
  const o = ao.sigmoid();
  const tc = f.mul(c).add(i.mul(g)).tanh();
  const gh = grad.select(0, 0);
  const dc = grad.select(0, 1).add(tanhBackward(gh.mul(o), tc));
  const dGates = cat([sigmoidBackward(dc.mul(g), i), sigmoidBackward(dc.mul(c), f), tanhBackward(dc.mul(i), g), sigmoidBackward(gh.mul(tc), o)], 1);
  return [dGates, dc.mul(f)];
}
