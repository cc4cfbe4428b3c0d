/**
 * Resampling of the spatial dims (PyTorch's F.interpolate): nearest, nearest-exact,
 * (bi/tri)linear and bicubic, each a composite of index selections along one spatial dim at a time
 * (linear: two selections blended with constant weights, bicubic: four), so the gradient is the
 * scatter-add back.
 * @module
 */
import { checkNumel, checkOptions, checkShapeNumel } from '../../checks/index.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { indexSelect } from '../../ops/indexing.js';
import { requireFloat } from '../../ops/util.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';

/** The resampling modes of {@link interpolate}. */
export type InterpolateMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'bicubic' | 'trilinear';

/** Options of {@link interpolate}: exactly one of `size` and `scaleFactor`. */
export interface InterpolateOptions {
  /** Output spatial size: one number for every spatial dim, or one per dim. */
  size?: number | readonly number[];
  /** Multiplier of each spatial size (output size = floor(in · scale)): one number, or one per dim. */
  scaleFactor?: number | readonly number[];
  /** 'nearest' (default), 'nearest-exact', 'linear' (3-D input), 'bilinear' or 'bicubic' (4-D), or 'trilinear' (5-D). */
  mode?: InterpolateMode;
  /** Linear modes only: map the corner pixels' centres onto each other (default false). */
  alignCorners?: boolean | null;
  /** Compute the sampling scale from the output size instead of using `scaleFactor` (default false). */
  recomputeScaleFactor?: boolean | null;
}

/** The modes that take alignCorners, and the input rank each needs. */
const LINEAR_RANK: Record<string, number> = { linear: 3, bilinear: 4, bicubic: 4, trilinear: 5 };

/** Per-dim sizes or factors from one number or an array of `count`. */
function perDim(op: string, name: string, value: number | readonly number[], count: number): number[] {
  if (typeof value !== 'number' && !Array.isArray(value)) throw new ValueError(op, `${name} must be a number or an array of numbers, got ${formatValue(value)}`);
  const list = typeof value === 'number' ? new Array<number>(count).fill(value) : [...value];
  if (list.length !== count || list.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v <= 0)) {
    throw new ValueError(op, `${name} must be a positive number or ${count} of them (one per spatial dim), got ${formatValue(value)}`);
  }
  return list;
}

/** How one spatial dim is sampled: the source indices and, for linear modes, the blend weights. */
interface Sampling {
  index0: number[];
  index1?: number[];
  lambda1?: number[];
}

/** PyTorch's index arithmetic is in the input's precision: float32 rounds every step. */
type Round = (v: number) => number;

function nearestSampling(inSize: number, outSize: number, scale: number | null, exact: boolean, round: Round): Sampling {
  // compute_scales_value: 1/scale when a scale factor is used, else in/out (in float)
  const s = round(scale !== null ? 1 / scale : inSize / outSize);
  // No shortcut for out = in: with a scale factor, PyTorch's CPU kernel still samples at i/scale.
  const index0 = Array.from({ length: outSize }, (_, i) => Math.min(Math.floor(round((exact ? i + 0.5 : i) * s)), inSize - 1));
  return { index0 };
}

function linearSampling(inSize: number, outSize: number, scale: number | null, alignCorners: boolean, round: Round): Sampling {
  // PyTorch copies a dim whose size does not change, whatever the scale factor
  if (inSize === outSize) return { index0: Array.from({ length: outSize }, (_, i) => i) };
  // area_pixel_compute_scale
  const s = alignCorners ? (outSize > 1 ? round((inSize - 1) / (outSize - 1)) : 0) : round(scale !== null ? 1 / scale : inSize / outSize);
  const index0: number[] = [];
  const index1: number[] = [];
  const lambda1: number[] = [];
  for (let i = 0; i < outSize; i++) {
    // area_pixel_compute_source_index, then guard_index_and_lambda
    let src = alignCorners ? round(s * i) : round(round(s * round(i + 0.5)) - 0.5);
    if (src < 0) src = 0;
    const i0 = Math.min(Math.floor(src), inSize - 1);
    index0.push(i0);
    index1.push(i0 + (i0 < inSize - 1 ? 1 : 0));
    lambda1.push(Math.min(Math.max(round(src - i0), 0), 1));
  }
  return { index0, index1, lambda1 };
}

/** PyTorch's cubic convolution weights (A = −0.75) of the four taps at offsets −1, 0, 1, 2 from floor(src), for t = src − floor(src). */
function cubicWeights(t: number, round: Round): number[] {
  const A = -0.75;
  const near = (x: number) => round(round(round(round((A + 2) * x) - (A + 3)) * x) * x) + 1; // |x| ≤ 1
  const far = (x: number) => round(round(round(round(round(A * x) - 5 * A) * x) + 8 * A) * x) - 4 * A; // 1 < |x| < 2
  return [far(t + 1), near(t), near(1 - t), far(2 - t)].map(round);
}

/** Bicubic sampling of one dim: four taps per output, their indices clamped to the input (upsample_get_value_bounded). */
function cubicSampling(inSize: number, outSize: number, scale: number | null, alignCorners: boolean, round: Round): { index: number[]; weight: number[] }[] {
  const s = alignCorners ? (outSize > 1 ? round((inSize - 1) / (outSize - 1)) : 0) : round(scale !== null ? 1 / scale : inSize / outSize);
  const taps = [0, 1, 2, 3].map(() => ({ index: [] as number[], weight: [] as number[] }));
  for (let i = 0; i < outSize; i++) {
    // area_pixel_compute_source_index with cubic = true: no clamping of a negative source at 0
    const src = alignCorners ? round(s * i) : round(round(s * round(i + 0.5)) - 0.5);
    const i0 = Math.floor(src);
    const w = cubicWeights(round(src - i0), round);
    taps.forEach((tap, k) => {
      tap.index.push(Math.min(Math.max(i0 - 1 + k, 0), inSize - 1));
      tap.weight.push(w[k]!);
    });
  }
  return taps;
}

/** Σ_k w_k · x[index_k] along `dim`, for bicubic's four taps. */
function resampleTaps(x: Tensor, dim: number, taps: { index: number[]; weight: number[] }[]): Tensor {
  const along = (n: number): number[] => x.shape.map((s, d) => (d === dim ? n : 1));
  return taps
    .map(({ index, weight }) => indexSelect(x, dim, tensor(Int32Array.from(index))).mul(tensor(Float64Array.from(weight), { dtype: x.dtype }).reshape(along(weight.length))))
    .reduce((a, b) => a.add(b));
}

function resampleDim(x: Tensor, dim: number, sampling: Sampling): Tensor {
  const along = (values: number[]): number[] => x.shape.map((s, d) => (d === dim ? values.length : 1));
  const i0 = tensor(Int32Array.from(sampling.index0));
  const picked0 = indexSelect(x, dim, i0);
  if (!sampling.index1 || !sampling.lambda1) return picked0;
  const l1 = sampling.lambda1;
  const w1 = tensor(Float64Array.from(l1), { dtype: x.dtype }).reshape(along(l1));
  const w0 = tensor(Float64Array.from(l1, (v) => 1 - v), { dtype: x.dtype }).reshape(along(l1));
  const picked1 = indexSelect(x, dim, tensor(Int32Array.from(sampling.index1)));
  return picked0.mul(w0).add(picked1.mul(w1));
}

/**
 * Resamples the spatial dims of x [N, C, ...spatial] (1 to 3 spatial dims) to `size`, or by
 * `scaleFactor`. 'nearest' copies the pixel at floor(i·in/out) (PyTorch's legacy rule),
 * 'nearest-exact' the one at floor((i + ½)·in/out); the linear modes blend the two nearest
 * samples along each dim, with the pixel centres aligned (default) or the corners
 * (`alignCorners`). Index arithmetic follows PyTorch's, in the input's precision. The gradient
 * is the exact VJP of the forward; PyTorch 1.13's 'nearest' backward differs from its own forward
 * when a scale factor leaves a size unchanged or doubles it inexactly (e.g. 3 → 3 at 1.3: forward
 * reads [0, 0, 1], its backward writes to [0, 1, 2]), and there chainrule follows the forward.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * const x = tensor([[[1, 2]]]);
 * F.interpolate(x, { scaleFactor: 2 }).toArray(); // [[[1, 1, 2, 2]]]
 * F.interpolate(x, { size: 3, mode: 'linear', alignCorners: true }).toArray(); // [[[1, 1.5, 2]]]
 * ```
 */
export function interpolate(input: Tensor, options: InterpolateOptions = {}): Tensor {
  const op = 'interpolate';
  checkOptions(op, options, { size: 'any', scaleFactor: 'any', mode: 'any', alignCorners: 'any', recomputeScaleFactor: 'any' });
  requireFloat(op, input);
  const mode = options.mode ?? 'nearest';
  if (!['nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic', 'trilinear'].includes(mode)) {
    throw new ValueError(op, `mode must be 'nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic' or 'trilinear', got ${formatValue(mode)}`);
  }
  const linear = mode in LINEAR_RANK;
  if (input.ndim < 3 || input.ndim > 5) {
    throw new ShapeError(op, `input must be [N, C, ...spatial] with 1 to 3 spatial dims (3-D to 5-D), got ${fmtShape(input.shape)}`);
  }
  if (linear && input.ndim !== LINEAR_RANK[mode]) {
    throw new ShapeError(op, `mode '${mode}' needs a ${LINEAR_RANK[mode]}-D input, got ${fmtShape(input.shape)}`);
  }
  const alignCorners = options.alignCorners ?? null;
  if (!linear && alignCorners !== null) {
    throw new ValueError(op, `alignCorners can only be set with the linear modes (linear, bilinear, bicubic, trilinear), not '${mode}'`);
  }
  const hasSize = options.size !== undefined && options.size !== null;
  const hasScale = options.scaleFactor !== undefined && options.scaleFactor !== null;
  if (hasSize === hasScale) throw new ValueError(op, 'give exactly one of size and scaleFactor');
  const spatial = input.shape.slice(2);
  const count = spatial.length;
  let outSizes: number[];
  let scales: (number | null)[];
  if (hasSize) {
    outSizes = perDim(op, 'size', options.size!, count);
    if (outSizes.some((s) => !Number.isInteger(s))) throw new ValueError(op, `size must hold integers, got ${formatValue(options.size)}`);
    scales = outSizes.map(() => null);
  } else {
    const factors = perDim(op, 'scaleFactor', options.scaleFactor!, count);
    outSizes = spatial.map((s, i) => Math.floor(s * factors[i]!));
    scales = options.recomputeScaleFactor ? outSizes.map(() => null) : factors;
  }
  spatial.forEach((s, i) => {
    if (s === 0 || outSizes[i]! === 0) {
      throw new ShapeError(op, `input and output spatial sizes must be positive, got input ${fmtShape(input.shape)} and output size ${fmtShape(outSizes)}`);
    }
  });
  // each dim's sampling table has one entry per output position, even for an empty batch (a size
  // of 10¹² threw a raw RangeError, [10⁹, 10⁹] hung), and the output itself must fit
  outSizes.forEach((s, i) => checkNumel(op, s, `the output size of spatial dim ${i}`));
  checkShapeNumel(op, [...input.shape.slice(0, 2), ...outSizes], 'the output');
  const round: Round = input.dtype === 'float32' ? Math.fround : (v) => v;
  if (mode === 'bicubic') {
    // PyTorch's bicubic kernel copies when no size changes (whatever the scale factor)
    if (spatial.every((s, i) => s === outSizes[i])) return input.clone();
    return spatial.reduce((x, inSize, i) => resampleTaps(x, i + 2, cubicSampling(inSize, outSizes[i]!, scales[i]!, alignCorners ?? false, round)), input);
  }
  let x = input;
  spatial.forEach((inSize, i) => {
    const outSize = outSizes[i]!;
    const sampling = linear
      ? linearSampling(inSize, outSize, scales[i]!, alignCorners ?? false, round)
      : nearestSampling(inSize, outSize, scales[i]!, mode === 'nearest-exact', round);
    x = resampleDim(x, i + 2, sampling);
  });
  return x;
}
