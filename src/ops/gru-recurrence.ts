/**
 * A GRU layer's recurrence over all its steps as one primitive, as `lstm-recurrence.ts` is for the
 * LSTM: the input's part of every step, xGates = x·W_ihᵀ + b_ih, is one product over all steps
 * made before the loop inside the same kernel call; this op runs gh = h_{t−1}·W_hhᵀ + b_hh and
 * the gates for every step in one kernel call, and its VJP is backpropagation through time in one
 * kernel call plus one product each for (W_ih, b_ih)'s and (W_hh, b_hh)'s gradients over all steps. When the
 * backward pass itself records (createGraph), the VJP walks the steps with Tensor ops instead, so
 * higher-order gradients still come from the graph.
 * @module
 */
import type { FloatView } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record, type Node } from '../autograd/node.js';
import type { FloatArray } from '../dtype.js';
import { ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { sigmoidBackward, tanhBackward } from './activation-grads.js';
import { cat, stack } from './join.js';
import { checkFloatOperands, hasShape, inputGatesInOps, layerWeightGrads } from './recurrence-util.js';
import { empty } from './util.js';

/**
 * The hidden states of a GRU layer over its steps, [T, B, H], from the input `x` [T, B, I], the
 * input weight `weightIh` [3H, I] and bias `biasIh` [3H] (or null), the initial state `h0` [B, H],
 * the recurrent weight `weightHh` [3H, H] and bias `biasHh` [3H] (or null), blocks r, z, n: with
 * xGates = x_t·W_ihᵀ + b_ih and gh = h_{t−1}·W_hhᵀ + b_hh,
 * r = σ(xr + ghr), z = σ(xz + ghz), n = tanh(xn + r·ghn), h_t = n + z·(h_{t−1} − n).
 */
export function gruRecurrence(x: Tensor, weightIh: Tensor, biasIh: Tensor | null, h0: Tensor, weightHh: Tensor, biasHh: Tensor | null): Tensor {
  checkFloatOperands('gruRecurrence', [['x', x], ['weightIh', weightIh], ['biasIh', biasIh], ['h0', h0], ['weightHh', weightHh], ['biasHh', biasHh]]);
  const [steps, batch, inputSize] = x.shape as [number, number, number];
  const [width, hidden] = weightHh.shape as [number, number];
  const isBias = (b: Tensor | null): boolean => b === null || hasShape(b, [width]);
  if (x.ndim !== 3 || weightHh.ndim !== 2 || width !== 3 * hidden || !hasShape(weightIh, [width, inputSize]) || !isBias(biasIh) || !isBias(biasHh) || !hasShape(h0, [batch, hidden])) {
    const fmt = (b: Tensor | null): string => (b === null ? 'null' : fmtShape(b.shape));
    throw new ShapeError(
      'gruRecurrence',
      `expected x [T, B, I], weightIh [3H, I], biasIh [3H], h0 [B, H], weightHh [3H, H] and biasHh [3H], got x ${fmtShape(x.shape)}, ` +
        `weightIh ${fmtShape(weightIh.shape)}, biasIh ${fmt(biasIh)}, h0 ${fmtShape(h0.shape)}, weightHh ${fmtShape(weightHh.shape)} and biasHh ${fmt(biasHh)}`,
    );
  }
  const states = empty([steps, batch, hidden], x.dtype);
  // r, z, n and gh_n per step and row: the backward kernel's inputs (not part of the graph)
  const acts = empty([steps, batch, 4 * hidden], x.dtype);
  kernels().gruRecurrence(
    x as FloatView, weightIh as FloatView, biasIh as FloatView | null, h0 as FloatView, weightHh as FloatView, biasHh as FloatView | null,
    states.storage as FloatArray, acts.storage as FloatArray,
  );
  const operands = [x, weightIh, h0, weightHh, ...(biasIh === null ? [] : [biasIh]), ...(biasHh === null ? [] : [biasHh])];
  return record('GruRecurrenceBackward', states, operands, gruRecurrenceVjp, [x, weightIh, biasIh, h0, weightHh, biasHh, states, acts]);
}

// d states → (dx, dW_ih, dh0, dW_hh, db_ih, db_hh): BPTT (ref/gru-recurrence.ts) gives d xGates and d gh, then
// dx = d xGates·W_ih, [dW_ih | db_ih] = d xGatesᵀ·[x | 1] and [dW_hh | db_hh] = d ghᵀ·[h_{t−1} | 1] over all steps
function gruRecurrenceVjp(grad: Tensor, [x, weightIh, biasIh, h0, weightHh, biasHh, states, acts]: readonly (Tensor | null)[], node: Node): (Tensor | null)[] {
  const [dX, dGh, dh0] = isGradEnabled()
    ? gruStepsInOps(grad, x!, weightIh!, biasIh ?? null, h0!, weightHh!, biasHh ?? null, states!)
    : gruStepsByKernel(grad, h0!, weightHh!, states!, acts!);
  // positions among the operands: x, W_ih, h0, W_hh, then b_ih and b_hh when present
  const biasIhAt = biasIh === null ? -1 : 4;
  const biasHhAt = biasHh === null ? -1 : biasIh === null ? 4 : 5;
  const wants = (at: number): boolean => at >= 0 && node.needsInputGrad(at);
  const [dWih, , dbIh] = layerWeightGrads(dX, x!, h0!, states!, { weightIh: node.needsInputGrad(1), weightHh: false, bias: wants(biasIhAt) });
  const [, dWhh, dbHh] = layerWeightGrads(dGh, x!, h0!, states!, { weightIh: false, weightHh: node.needsInputGrad(3), bias: wants(biasHhAt) });
  const dx = node.needsInputGrad(0) ? dX.matmul(weightIh!) : null;
  return [dx, dWih, dh0, dWhh, ...(biasIh === null ? [] : [dbIh]), ...(biasHh === null ? [] : [dbHh])];
}

/** [d xGates, d gh, dh0] by the backward kernel. */
function gruStepsByKernel(grad: Tensor, h0: Tensor, weightHh: Tensor, states: Tensor, acts: Tensor): [Tensor, Tensor, Tensor] {
  const gatesShape = [...states.shape.slice(0, 2), weightHh.shape[0]!];
  const dX = empty(gatesShape, h0.dtype);
  const dGh = empty(gatesShape, h0.dtype);
  const dh0 = empty(h0.shape, h0.dtype);
  kernels().gruRecurrenceBackward(
    acts as FloatView, h0 as FloatView, states as FloatView, weightHh as FloatView, grad as FloatView,
    dX.storage as FloatArray, dGh.storage as FloatArray, dh0.storage as FloatArray,
  );
  return [dX, dGh, dh0];
}

/** The same steps written with differentiable ops (for a backward pass that records). */
function gruStepsInOps(
  grad: Tensor, x: Tensor, weightIh: Tensor, biasIh: Tensor | null, h0: Tensor, weightHh: Tensor, biasHh: Tensor | null, states: Tensor,
): [Tensor, Tensor, Tensor] {
  const steps = x.shape[0]!;
  const xGates = inputGatesInOps(x, weightIh, biasIh);
  let dh = h0.mul(0);
  const dXs = new Array<Tensor>(steps);
  const dGhs = new Array<Tensor>(steps);
  for (let t = steps - 1; t >= 0; t--) {
    const hPrev = t === 0 ? h0 : states.select(0, t - 1);
    const linear = hPrev.matmul(weightHh.t());
    const gh = biasHh === null ? linear : linear.add(biasHh);
    const [xr, xz, xn] = xGates.select(0, t).chunk(3, 1) as [Tensor, Tensor, Tensor];
    const [ghr, ghz, ghn] = gh.chunk(3, 1) as [Tensor, Tensor, Tensor];
    const r = xr.add(ghr).sigmoid();
    const z = xz.add(ghz).sigmoid();
    const n = xn.add(r.mul(ghn)).tanh();
    const g = grad.select(0, t).add(dh);
    const dnp = tanhBackward(g.mul(z.neg().add(1)), n);
    const dzp = sigmoidBackward(g.mul(hPrev.sub(n)), z);
    const drp = sigmoidBackward(dnp.mul(ghn), r);
    dXs[t] = cat([drp, dzp, dnp], 1);
    dGhs[t] = cat([drp, dzp, dnp.mul(r)], 1);
    dh = g.mul(z).add(dGhs[t]!.matmul(weightHh));
  }
  if (steps === 0) return [xGates.mul(0), xGates.mul(0), dh];
  return [stack(dXs, 0), stack(dGhs, 0), dh];
}
