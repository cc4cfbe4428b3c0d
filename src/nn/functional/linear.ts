/**
 * Affine maps: `linear` (x·Wᵀ + b) and `bilinear` (x1ᵀ·A·x2 + b), built from matmul and
 * broadcasting, so their gradients come from those ops.
 * @module
 */
import { ShapeError, fmtShape } from '../../errors.js';
import { requireFloat } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkParamDtypes } from './checks.js';
import { checkTensor } from '../../checks/args.js';

/** y = x·Wᵀ + b for x of shape [..., in], weight [out, in] and bias [out] (optional). */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  requireFloat('linear', input);
  checkTensor('linear', 'weight', weight);
  checkParamDtypes('linear', input, { weight, bias });
  if (weight.ndim !== 2) throw new ShapeError('linear', `weight must be 2-D [outFeatures, inFeatures], got ${fmtShape(weight.shape)}`);
  const inFeatures = weight.shape[1]!;
  if (input.ndim === 0 || input.shape[input.ndim - 1] !== inFeatures) {
    throw new ShapeError(
      'linear',
      `input's last dim must be inFeatures=${inFeatures}, got input ${fmtShape(input.shape)} (weight ${fmtShape(weight.shape)})`,
    );
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new ShapeError('linear', `bias must have shape [${weight.shape[0]}] to match weight ${fmtShape(weight.shape)}, got ${fmtShape(bias.shape)}`);
  }
  const out = input.matmul(weight.t());
  return bias === null ? out : out.add(bias);
}

/**
 * y_k = Σ_ij x1_i·A_kij·x2_j + b_k for x1 [..., in1], x2 [..., in2] (same leading dims),
 * weight [out, in1, in2] and bias [out] (optional).
 */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  requireFloat('bilinear', input1, 'input1');
  requireFloat('bilinear', input2, 'input2');
  checkTensor('bilinear', 'weight', weight);
  checkParamDtypes('bilinear', input1, { input2, weight, bias });
  if (weight.ndim !== 3) throw new ShapeError('bilinear', `weight must be 3-D [out, in1, in2], got ${fmtShape(weight.shape)}`);
  const [out, in1, in2] = weight.shape as [number, number, number];
  const lead1 = input1.shape.slice(0, -1);
  const lead2 = input2.shape.slice(0, -1);
  if (
    input1.ndim === 0 || input2.ndim === 0 ||
    input1.shape[input1.ndim - 1] !== in1 || input2.shape[input2.ndim - 1] !== in2 ||
    lead1.join(',') !== lead2.join(',')
  ) {
    throw new ShapeError(
      'bilinear',
      `inputs must be [..., ${in1}] and [..., ${in2}] with the same leading dims, got input1 ${fmtShape(input1.shape)}, input2 ${fmtShape(input2.shape)} (weight ${fmtShape(weight.shape)})`,
    );
  }
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== out)) {
    throw new ShapeError('bilinear', `bias must have shape [${out}] to match weight ${fmtShape(weight.shape)}, got ${fmtShape(bias.shape)}`);
  }
  const x1 = input1.reshape([-1, in1]);
  const x2 = input2.reshape([-1, in2]);
  // (x1·A)[n, k, j] = Σ_i x1[n, i]·A[k, i, j], then contract j with x2.
  const x1A = x1.matmul(weight.permute(1, 0, 2).reshape([in1, out * in2])).reshape([-1, out, in2]);
  let y = x1A.mul(x2.unsqueeze(1)).sum(2);
  if (bias !== null) y = y.add(bias);
  return y.reshape([...lead1, out]);
}
