/**
 * chainrule: reverse-mode autograd tensors in TypeScript.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * const x = tensor([1, 2, 3], { requiresGrad: true });
 * x.mul(x).sum().backward();
 * x.grad!.toArray(); // [2, 4, 6]
 * ```
 * @module chainrule
 */
export { Tensor } from './tensor/tensor.js';
export type { TensorLike, BackwardOptions, ValuesIndices } from './tensor/tensor.js';
export type { SizesArg } from './tensor/methods/shape.js';
export type { NestedArray } from './tensor/format.js';
export {
  tensor,
  zeros,
  ones,
  full,
  arange,
  linspace,
  eye,
  rand,
  randn,
  randint,
  zerosLike,
  onesLike,
  fullLike,
  randLike,
  randnLike,
  randintLike,
} from './tensor/creation.js';
export type { TensorOptions, RandomOptions, ShapeArg } from './tensor/creation.js';
// Issue 13 (data): torch.randperm (the rest of torch.utils.data is chainrule/data).
export { randperm } from './tensor/randperm.js';
export { Generator, manualSeed, defaultGenerator } from './random.js';
export type { GeneratorState } from './random.js';
export type { DType, FloatDType, TypedArray } from './dtype.js';

// Differentiable ops as functions (each is also a Tensor method).
export {
  neg,
  exp,
  log,
  log1p,
  expm1,
  sqrt,
  rsqrt,
  square,
  reciprocal,
  abs,
  sign,
  sin,
  cos,
  tanh,
  sigmoid,
  relu,
  leakyRelu,
  erf,
  softplus,
  clamp,
} from './ops/unary.js';
export type { SoftplusOptions } from './ops/unary.js';
export { add, sub, mul, div, pow, maximum, minimum } from './ops/binary.js';
// where(condition, a, b), and where(condition) alone as nonzero(condition, { asTuple: true }) (torch.where)
export { whereOrNonzero as where } from './ops/select.js';
export { eq, ne, lt, le, gt, ge, isnan, logicalAnd, logicalOr, logicalNot } from './ops/compare.js';
export { sum, amax, amin, max, min, argmax, argmin } from './ops/reduce.js';
export { mean, variance, variance as var, std, logsumexp } from './functional/statistics.js';
export { cumsum } from './ops/scan.js';
export type { VarOptions } from './functional/statistics.js';
export { softmax, logSoftmax, gelu } from './functional/activations.js';
export type { GeluOptions } from './functional/activations.js';
export { matmul } from './ops/matmul.js';
export {
  reshape,
  view,
  permute,
  transpose,
  flatten,
  squeeze,
  unsqueeze,
  expand,
  narrow,
  slice,
  contiguous,
  clone,
} from './ops/views.js';
export { indexSelect, indexAdd, gather, scatterAdd } from './ops/indexing.js';
export { cat, stack, split, chunk, select, unbind } from './ops/join.js';
export { pad } from './ops/pad.js';
export type { PadMode, PadOptions } from './ops/pad.js';
export { flip } from './ops/flip.js';
// --- issue 10 (G2): reductions, scans, sorting, structure ---
export { cumprod, logcumsumexp, cummax, cummin } from './ops/scan.js';
export { sort, argsort, topk, kthvalue, median } from './ops/sort.js';
export type { SortOptions, TopkOptions } from './ops/sort.js';
export type { ValuesIndicesTuple, MinMaxTuple } from './ops/named-tuple.js';
export { prod, aminmax, countNonzero } from './functional/reductions.js';
export type { AminmaxOptions } from './functional/reductions.js';
export { varMean, stdMean } from './functional/statistics.js';
export { norm } from './functional/norms.js';
export type { NormOrder } from './functional/norms.js';
export { diagonal, diag, diagEmbed, trace } from './ops/diagonal.js';
export { movedim, movedim as moveaxis, swapaxes, swapaxes as swapdims, broadcastTo, unflatten, tril, triu, roll, repeat, tile, repeatInterleave, meshgrid } from './ops/structure.js';
export type { MeshgridOptions } from './ops/structure.js';
export { index, at, indexPut } from './ops/advanced-index.js';
export type { IndexEntry, IndexPutOptions } from './ops/advanced-index.js';
export { maskedFill, indexFill, maskedSelect, nonzero, take, takeAlongDim } from './ops/select.js';
export { scatter, scatterReduce } from './ops/scatter.js';
export type { ScatterOptions, ScatterReduce, ScatterReduceOptions } from './ops/scatter.js';
export { einsum } from './ops/einsum.js';
export type { CumulativeOp, CumulativeIndexOp, ScatterReduceOp } from './backend/backend.js';
// --- end issue 10 (G2) ---
// Issue 10 (G1): type promotion, logic and new elementwise ops.
export { promoteTypes, resultType } from './ops/promotion.js';
export { logicalXor } from './ops/compare.js';
export { any, all, isinf, isfinite, isclose, allclose, equal } from './ops/logic.js';
export type { CloseOptions } from './ops/logic.js';
export type { AlphaOptions, DivOptions } from './ops/binary.js';
export { floor, ceil, round, trunc, frac, floorDivide, remainder, fmod, copysign } from './ops/rounding.js';
export type { RoundOptions, RoundingMode } from './ops/rounding.js';
export { tan, asin, acos, atan, atan2, sinh, cosh, asinh, acosh, atanh } from './ops/trig.js';
export { exp2, log2, log10, logaddexp, hypot, lerp } from './ops/exp-log.js';
export { bitwiseAnd, bitwiseOr, bitwiseXor, bitwiseNot } from './ops/bitwise.js';

// Autograd.
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './autograd/grad-mode.js';
export { setDetectAnomaly, detectAnomaly, isAnomalyEnabled } from './autograd/anomaly.js';
// Node is exported as a type: Tensor.gradFn returns one, to read (`name`, `inputs`, …), not to build.
export type { Node, Vjp, GradHook, HookHandle, VersionCounter } from './autograd/node.js';
export { gradients } from './autograd/engine.js';
export type { GradientsOptions } from './autograd/engine.js';
export { grad, valueAndGrad, vjp, jvp, hessian } from './autograd/functional.js';
export type { GradOptions, TensorFunction } from './autograd/functional.js';
export { defineFunction } from './autograd/custom-function.js';
export type { FunctionDefinition, FunctionContext, BackwardContext, CustomFunction } from './autograd/custom-function.js';
export { gradcheck, gradgradcheck, GradcheckError } from './autograd/gradcheck.js';
export type { GradcheckOptions, GradgradcheckOptions, GradcheckReport, GradcheckWorst } from './autograd/gradcheck.js';
export { checkpoint } from './autograd/checkpoint.js';
export type { CheckpointCounters, CheckpointOptions, CheckpointFunction } from './autograd/checkpoint.js';
export { graphMemory } from './autograd/graph-memory.js';
export type { GraphMemory } from './autograd/graph-memory.js';

// Saving and loading tensors.
export { saveSafetensors, loadSafetensors, safetensorsMetadata } from './io/safetensors.js';

// Looking at graphs.
export { printGraph, toDot } from './viz/graph.js';
export { toSvg, type ToSvgOptions } from './viz/svg.js'; // issue 13: Graphviz in WebAssembly (optional peer @viz-js/viz)

// Errors.
export { ChainruleError, ShapeError, DTypeError, IndexError, ValueError, AutogradError, AnomalyError } from './errors.js';

// Argument checking (issue 12): the documented size limit.
export { MAX_ELEMENTS } from './checks/limits.js';

// Kernels.
export type { MathUnaryOp, MathBinaryOp } from './backend/backend.js';
export type { Backend, View, FloatView, UnaryOp, BinaryOp, CompareOp, ReduceOp, ArgReduceOp, SoftmaxOp, WindowGeometry } from './backend/backend.js';
export { setBackend, getBackend, traceKernels, initWasm } from './backend/select.js';
export type { BackendName, KernelCall, KernelTrace } from './backend/select.js';
// Threads (issue 11): how many threads the wasm kernels split their work across.
export { setNumThreads, getNumThreads } from './backend/threads/settings.js';

// Linear algebra (torch.linalg) — issue 10 item 5.
export * as linalg from './linalg/index.js';

// Gap scan after issue 10 (helper i10): products, elementwise helpers, NumPy-style joins.
export { mm, bmm, mv, dot, inner, outer, addmm, addmv, baddbmm, addcmul, addcdiv, kron, tensordot, cross, dist, cdist } from './functional/products.js';
export type { AddProductOptions } from './functional/products.js';
export { clip, xlogy, sinc, deg2rad, rad2deg, logit, heaviside, fmax, fmin, nanToNum, nansum, nanmean } from './functional/elementwise3.js';
export type { NanToNumOptions } from './functional/elementwise3.js';
export { atleast1d, atleast2d, atleast3d, hstack, vstack, dstack, columnStack, fliplr, flipud, rot90, diff, ravel } from './functional/stacking.js';
export type { DiffOptions } from './functional/stacking.js';
export { cov, corrcoef, blockDiag, cartesianProd, logspace, triuIndices, trilIndices } from './functional/statistics2.js';
export { bincount, histc, searchsorted, bucketize, unique } from './functional/counting.js';
export type { UniqueOptions } from './functional/counting.js';
export { trapezoid, trapz, cumulativeTrapezoid, vander, sgn, quantile } from './functional/integrate.js';
export type { TrapezoidOptions, QuantileOptions } from './functional/integrate.js';
export { multinomial, bernoulli, normal, emptyLike, tensorSplit, combinations } from './functional/sampling.js';
export type { MultinomialOptions } from './functional/sampling.js';
