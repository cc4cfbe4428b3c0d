/**
 * A GRU layer's recurrence over all its steps as one primitive, as `lstm-recurrence.ts` is for the
 * LSTM: the input's part of every step, x_t·W_ihᵀ + b_ih, is one product over all steps made
 * before the loop (an ordinary, recorded linear); this op runs gh = h_{t−1}·W_hhᵀ + b_hh and the
 * gates for every step in one kernel call, and its VJP is backpropagation through time in one
 * kernel call plus one product and one sum for W_hh's and b_hh's gradients over all steps. When the
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
import { checkFloatOperands, hasShape, recurrentWeightGrad } from './recurrence-util.js';
import { empty } from './util.js';

/**
 * The hidden states of a GRU layer over its steps, [T, B, H], from `xGates` [T, B, 3H]
 * (x_t·W_ihᵀ + b_ih; blocks r, z, n), the initial state `h0` [B, H], the recurrent weight
 * `weightHh` [3H, H] and bias `biasHh` [3H] (or null): with gh = h_{t−1}·W_hhᵀ + b_hh,
 * r = σ(xr + ghr), z = σ(xz + ghz), n = tanh(xn + r·ghn), h_t = n + z·(h_{t−1} − n).
 */
export function gruRecurrence(xGates: Tensor, h0: Tensor, weightHh: Tensor, biasHh: Tensor | null): Tensor {
  checkFloatOperands('gruRecurrence', [['xGates', xGates], ['h0', h0], ['weightHh', weightHh], ['biasHh', biasHh]]);
  const [steps, batch, width] = xGates.shape as [number, number, number];
  const hidden = width / 3;
  if (xGates.ndim !== 3 || width % 3 !== 0 || !hasShape(h0, [batch, hidden]) || !hasShape(weightHh, [width, hidden]) || (biasHh !== null && !hasShape(biasHh, [width]))) {
    throw new ShapeError(
      'gruRecurrence',
      `expected xGates [T, B, 3H], h0 [B, H], weightHh [3H, H] and biasHh [3H], got xGates ${fmtShape(xGates.shape)}, ` +
        `h0 ${fmtShape(h0.shape)}, weightHh ${fmtShape(weightHh.shape)} and biasHh ${biasHh === null ? 'null' : fmtShape(biasHh.shape)}`,
    );
  }
  const states = empty([steps, batch, hidden], xGates.dtype);
  // r, z, n and gh_n per step and row: the backward kernel's inputs (not part of the graph)
  const acts = empty([steps, batch, 4 * hidden], xGates.dtype);
  kernels().gruRecurrence(xGates as FloatView, h0 as FloatView, weightHh as FloatView, biasHh as FloatView | null, states.storage as FloatArray, acts.storage as FloatArray);
  const inputs = biasHh === null ? [xGates, h0, weightHh] : [xGates, h0, weightHh, biasHh];
  return record('GruRecurrenceBackward', states, inputs, gruRecurrenceVjp, [xGates, h0, weightHh, biasHh, states, acts]);
}

/** dW_hh = Σ_t d gh_tᵀ·h_{t−1} (one product) and db_hh = Σ_t Σ_rows d gh_t (one sum) over all steps. */
function weightGrads(dGh: Tensor, h0: Tensor, states: Tensor): [Tensor, Tensor] {
  const [steps, batch, width] = dGh.shape as [number, number, number];
  return [recurrentWeightGrad(dGh, h0, states), dGh.reshape([steps * batch, width]).sum(0)];
}

// d states → (d xGates, dh0, dW_hh, db_hh): BPTT (ref/gru-recurrence.ts), then one product and one sum
function gruRecurrenceVjp(grad: Tensor, [xGates, h0, weightHh, biasHh, states, acts]: readonly (Tensor | null)[], node: Node): (Tensor | null)[] {
  const hasBias = biasHh !== null;
  const [dX, dGh, dh0] = isGradEnabled()
    ? gruStepsInOps(grad, xGates!, h0!, weightHh!, biasHh ?? null, states!)
    : gruStepsByKernel(grad, xGates!, h0!, weightHh!, states!, acts!);
  const needWeights = node.needsInputGrad(2) || (hasBias && node.needsInputGrad(3));
  const [dW, db] = needWeights ? weightGrads(dGh, h0!, states!) : [null, null];
  return hasBias ? [dX, dh0, dW, db] : [dX, dh0, dW];
}

/** [d xGates, d gh, dh0] by the backward kernel. */
function gruStepsByKernel(grad: Tensor, xGates: Tensor, h0: Tensor, weightHh: Tensor, states: Tensor, acts: Tensor): [Tensor, Tensor, Tensor] {
  const dX = empty(xGates.shape, xGates.dtype);
  const dGh = empty(xGates.shape, xGates.dtype);
  const dh0 = empty(h0.shape, h0.dtype);
  kernels().gruRecurrenceBackward(
    acts as FloatView, h0 as FloatView, states as FloatView, weightHh as FloatView, grad as FloatView,
    dX.storage as FloatArray, dGh.storage as FloatArray, dh0.storage as FloatArray,
  );
  return [dX, dGh, dh0];
}

/** The same steps written with differentiable ops (for a backward pass that records). */
function gruStepsInOps(grad: Tensor, xGates: Tensor, h0: Tensor, weightHh: Tensor, biasHh: Tensor | null, states: Tensor): [Tensor, Tensor, Tensor] {
  const steps = xGates.shape[0]!;
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
