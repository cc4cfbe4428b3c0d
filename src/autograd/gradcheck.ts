/**
 * gradcheck and gradgradcheck: compare autograd's derivatives with central finite differences
 * in float64, reporting the worst element (input, output, indices, analytic, numeric). The fast
 * mode compares random projections vᵀJu instead of whole Jacobians, for large inputs.
 * @module
 */
import { checkFunction, checkOptions, checkTensorList, describe, type OptionSchema } from '../checks/index.js';
import { AutogradError, DTypeError, ValueError, fmtShape } from '../errors.js';
import { Generator } from '../random.js';
import { Tensor } from '../tensor/tensor.js';
import { randn, zerosLike } from '../tensor/creation.js';
import { gradients } from './engine.js';
import { enableGrad } from './grad-mode.js';

/** Options of {@link gradcheck}. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance, applied to |numeric| (default 1e-3). */
  rtol?: number;
  /** Compare random projections vᵀJu per input instead of full Jacobians (default false). */
  fastMode?: boolean;
  /** Throw a GradcheckError on failure (default true); otherwise just return the report. */
  raiseException?: boolean;
  /** Seed for the fast mode's random projections (default 0). */
  seed?: number;
}

/** The largest disagreement found. In fast mode the indices are empty (a projection has none). */
export interface GradcheckWorst {
  input: number;
  output: number;
  inputIndex: number[];
  outputIndex: number[];
  analytic: number;
  numeric: number;
  /** |analytic − numeric| − (atol + rtol·|numeric|): positive means failure. */
  excess: number;
}

/** What gradcheck found. */
export interface GradcheckReport {
  ok: boolean;
  mode: 'full' | 'fast';
  /** Number of (analytic, numeric) pairs compared. */
  compared: number;
  worst: GradcheckWorst | null;
}

/** Thrown by gradcheck when the gradients disagree. */
export class GradcheckError extends AutogradError {
  readonly report: GradcheckReport;
  constructor(op: string, report: GradcheckReport) {
    const w = report.worst!;
    const where = report.mode === 'full'
      ? `d output[${w.output}]${fmtShape(w.outputIndex)} / d input[${w.input}]${fmtShape(w.inputIndex)}`
      : `the projection vᵀ·J·u for input[${w.input}] and output[${w.output}]`;
    super(op, `Jacobian mismatch at ${where}: analytic ${w.analytic}, numeric ${w.numeric} (off by ${Math.abs(w.analytic - w.numeric)})`);
    this.report = report;
  }
}

type Fn = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

function outputsOf(op: string, f: Fn, inputs: readonly Tensor[]): Tensor[] {
  const result = enableGrad(() => f(...inputs));
  if (!(result instanceof Tensor) && !Array.isArray(result)) throw new ValueError(op, `the function must return a tensor or an array of tensors, got ${describe(result)}`);
  const list = result instanceof Tensor ? [result] : [...result];
  list.forEach((o, i) => {
    if (!(o instanceof Tensor)) throw new ValueError(op, `the function returned a non-tensor as output ${i}`);
  });
  return list.filter((o) => o.dtype === 'float64' || o.dtype === 'float32');
}

function multiIndex(shape: readonly number[], flat: number): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx;
}

function storageIndex(t: Tensor, flat: number): number {
  return multiIndex(t.shape, flat).reduce((o, i, d) => o + i * t.strides[d]!, t.offset);
}

function checkInputs(op: string, inputs: readonly Tensor[]): number[] {
  if (!Array.isArray(inputs)) throw new ValueError(op, `inputs must be an array of tensors, got ${describe(inputs)}`);
  const diff: number[] = [];
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new ValueError(op, `input ${i} is not a Tensor`);
    if (!t.requiresGrad) return;
    if (t.dtype !== 'float64') {
      throw new DTypeError(op, `input ${i} (shape ${fmtShape(t.shape)}) is ${t.dtype}; finite differences need float64 inputs`);
    }
    // An empty tensor has no elements to overlap (its contiguous strides may be 0).
    if (t.numel() > 0 && t.shape.some((s, d) => s > 1 && t.strides[d] === 0)) {
      throw new ValueError(op, `input ${i} has overlapping memory (an expanded view, shape ${fmtShape(t.shape)}); pass .contiguous() and expand inside the function`);
    }
    diff.push(i);
  });
  if (diff.length === 0) throw new ValueError(op, 'no input requires grad: nothing to check');
  return diff;
}

const GRADCHECK_OPTIONS: OptionSchema = { eps: 'finite', atol: 'finite', rtol: 'finite', fastMode: 'bool', raiseException: 'bool', seed: 'finite' };

/** Evaluates the float outputs as flat float64 arrays, with `t`'s storage element `at` shifted by `delta`. */
function shiftedOutputs(op: string, f: Fn, inputs: readonly Tensor[], t: Tensor, at: number[], deltas: number[]): Float64Array[] {
  const old = at.map((k) => t.storage[k]!);
  at.forEach((k, j) => (t.storage[k] = old[j]! + deltas[j]!));
  try {
    return outputsOf(op, f, inputs).map((o) => Float64Array.from(o.toTypedArray()));
  } finally {
    at.forEach((k, j) => (t.storage[k] = old[j]!));
  }
}

/** Checks autograd's gradients of `f` at `inputs` (those requiring grad, all float64) against finite differences. */
export function gradcheck(f: Fn, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckReport {
  const op = 'gradcheck';
  checkFunction(op, 'f', f);
  checkOptions(op, options, GRADCHECK_OPTIONS);
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const diff = checkInputs(op, inputs);
  const outputs = outputsOf(op, f, inputs);
  let worst: GradcheckWorst | null = null;
  let compared = 0;
  const consider = (w: Omit<GradcheckWorst, 'excess'>): void => {
    compared++;
    const excess = Math.abs(w.analytic - w.numeric) - (atol + rtol * Math.abs(w.numeric));
    const bad = Number.isNaN(w.analytic) !== Number.isNaN(w.numeric) ? Infinity : excess;
    if (worst === null || bad > worst.excess || Number.isNaN(bad)) worst = { ...w, excess: bad };
  };
  const diffInputs = diff.map((i) => inputs[i]!);

  if (options.fastMode) {
    const gen = new Generator(options.seed ?? 0);
    outputs.forEach((out, o) => {
      const v = randn(out.shape, { dtype: out.dtype, generator: gen });
      const grads = out.requiresGrad
        ? gradients(out, diffInputs, { gradOutputs: [v], retainGraph: true, allowUnused: true })
        : diffInputs.map(() => null);
      const vFlat = Float64Array.from(v.toTypedArray());
      diff.forEach((i, k) => {
        const x = inputs[i]!;
        const u = randn(x.shape, { dtype: 'float64', generator: gen });
        const uFlat = u.toTypedArray();
        const g = grads[k] ?? zerosLike(x);
        const analytic = dot(g.toTypedArray(), uFlat);
        const at = Array.from({ length: x.numel() }, (_, e) => storageIndex(x, e));
        const plus = shiftedOutputs(op, f, inputs, x, at, Array.from(uFlat, (ue) => ue * eps))[o]!;
        const minus = shiftedOutputs(op, f, inputs, x, at, Array.from(uFlat, (ue) => -ue * eps))[o]!;
        const numeric = (dot(plus, vFlat) - dot(minus, vFlat)) / (2 * eps);
        consider({ input: i, output: o, inputIndex: [], outputIndex: [], analytic, numeric });
      });
    });
  } else {
    outputs.forEach((out, o) => {
      const n = out.numel();
      // analytic[k][j][e]: d out[j] / d input k element e, one backward per output element
      const analytic = diff.map(() => [] as Float64Array[]);
      for (let j = 0; j < n; j++) {
        const v = zerosLike(out);
        v.storage[j] = 1;
        const grads = out.requiresGrad
          ? gradients(out, diffInputs, { gradOutputs: [v], retainGraph: true, allowUnused: true })
          : diffInputs.map(() => null);
        grads.forEach((g, k) => analytic[k]!.push(g ? Float64Array.from(g.toTypedArray()) : new Float64Array(diffInputs[k]!.numel())));
      }
      diff.forEach((i, k) => {
        const x = inputs[i]!;
        for (let e = 0; e < x.numel(); e++) {
          const at = [storageIndex(x, e)];
          const plus = shiftedOutputs(op, f, inputs, x, at, [eps])[o]!;
          const minus = shiftedOutputs(op, f, inputs, x, at, [-eps])[o]!;
          for (let j = 0; j < n; j++) {
            consider({
              input: i,
              output: o,
              inputIndex: multiIndex(x.shape, e),
              outputIndex: multiIndex(out.shape, j),
              analytic: analytic[k]![j]![e]!,
              numeric: (plus[j]! - minus[j]!) / (2 * eps),
            });
          }
        }
      });
    });
  }
  const w = worst as GradcheckWorst | null;
  const report: GradcheckReport = { ok: w === null || w.excess <= 0, mode: options.fastMode ? 'fast' : 'full', compared, worst: w };
  if (!report.ok && (options.raiseException ?? true)) throw new GradcheckError(op, report);
  return report;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Options of {@link gradgradcheck}. */
export interface GradgradcheckOptions extends GradcheckOptions {
  /** Gradients w.r.t. f's outputs (random float64 when omitted). */
  gradOutputs?: readonly Tensor[];
}

/**
 * Checks second derivatives: gradcheck of (inputs, v) ↦ vᵀ·∂f/∂inputs, computed with
 * createGraph, w.r.t. both the inputs and v.
 */
export function gradgradcheck(f: Fn, inputs: readonly Tensor[], options: GradgradcheckOptions = {}): GradcheckReport {
  checkFunction('gradgradcheck', 'f', f);
  checkOptions('gradgradcheck', options, { ...GRADCHECK_OPTIONS, gradOutputs: (op, arg, v) => checkTensorList(op, arg, v) });
  const diff = checkInputs('gradgradcheck', inputs);
  const outputs = outputsOf('gradgradcheck', f, inputs);
  const gen = new Generator(options.seed ?? 0);
  const gradOutputs =
    options.gradOutputs?.map((g) => g.detach().requiresGrad_(true)) ??
    outputs.map((o) => randn(o.shape, { dtype: 'float64', generator: gen }).requiresGrad_(true));
  if (gradOutputs.length !== outputs.length) {
    throw new ValueError('gradgradcheck', `got ${gradOutputs.length} gradOutputs for ${outputs.length} outputs`);
  }
  const count = inputs.length;
  const firstDerivatives = (...args: Tensor[]): Tensor[] => {
    const xs = args.slice(0, count);
    const vs = args.slice(count);
    const outs = outputsOf('gradgradcheck', f, xs);
    const live = outs.map((o, i) => [o, vs[i]!] as const).filter(([o]) => o.requiresGrad);
    const targets = diff.map((i) => xs[i]!);
    if (live.length === 0) return targets.map((t) => zerosLike(t));
    const grads = gradients(live.map(([o]) => o), targets, { gradOutputs: live.map(([, v]) => v), createGraph: true, allowUnused: true });
    return grads.map((g, k) => g ?? zerosLike(targets[k]!));
  };
  return gradcheck(firstDerivatives, [...inputs, ...gradOutputs], options);
}
