/**
 * Gradient checkpointing: trade compute for memory by not keeping a segment's activations for the
 * backward pass, and recomputing them when the gradient gets there (PyTorch's
 * `torch.utils.checkpoint.checkpoint`, reentrant flavour).
 * @module
 */
import { AutogradError, fmtShape } from '../errors.js';
import { defaultGenerator, type GeneratorState } from '../random.js';
import { sameShape } from '../shape.js';
import { Tensor } from '../tensor/tensor.js';
import { gradients } from './engine.js';
import { enableGrad, isGradEnabled, noGrad } from './grad-mode.js';
import { AccumulateGrad, Node, record } from './node.js';

/** Counts of a checkpointed segment's work, for tests and benchmarks. Pass one in {@link CheckpointOptions}. */
export interface CheckpointCounters {
  /** Forward evaluations of fn (one per checkpoint call). */
  forwards: number;
  /** Re-evaluations of fn during backward passes. */
  recomputations: number;
}

/** Options of {@link checkpoint}, given after the input tensors. */
export interface CheckpointOptions {
  /** Incremented as fn runs (see {@link CheckpointCounters}). */
  counters?: CheckpointCounters;
  /**
   * Restore the default generator's state for the recomputation, so random ops inside fn
   * (dropout) draw the same numbers as in the forward (default true). Ops given their own
   * `generator` are not covered.
   */
  preserveRngState?: boolean;
}

/** A checkpointed segment: tensors in, one tensor out. */
export type CheckpointFunction = (...inputs: Tensor[]) => Tensor;

interface CheckpointAttrs {
  fn: CheckpointFunction;
  rngState: GeneratorState | null;
  counters: CheckpointCounters | undefined;
}

/**
 * Runs `fn(...inputs)` without recording its graph (only the inputs are saved), and recomputes it
 * during backward to get the gradient through it. Gradients equal those of calling fn directly.
 *
 * - **Inputs** get their gradients through the engine like any op: `backward()`, `grad()` and
 *   higher-order gradients (`createGraph`) all work.
 * - **Leaves used inside fn that are not inputs** (a module's parameters, reached through a
 *   closure) get their gradients accumulated into `.grad` when the checkpoint's backward runs, as
 *   in PyTorch's reentrant checkpoint. So `backward()` trains them, but `grad()`/`gradients()`
 *   cannot be asked for them, and `backward({ inputs })` does not filter them.
 * - At least one input must require grad, or (as in PyTorch) the output does not require grad and
 *   no parameter inside fn gets a gradient.
 * - fn must not use a tensor that requires grad and was computed outside fn: pass it as an input
 *   (the backward throws an AutogradError naming its op otherwise).
 * - A second backward through the same output needs `retainGraph` on the first, like any graph;
 *   each backward recomputes fn once.
 *
 * ```ts
 * const counters = { forwards: 0, recomputations: 0 };
 * const y = checkpoint((h) => block.forward(h), x, { counters });
 * y.sum().backward(); // counters: { forwards: 1, recomputations: 1 }
 * ```
 */
export function checkpoint(fn: CheckpointFunction, ...inputs: Tensor[]): Tensor;
export function checkpoint(fn: CheckpointFunction, ...args: [...inputs: Tensor[], options: CheckpointOptions]): Tensor;
export function checkpoint(fn: CheckpointFunction, ...args: (Tensor | CheckpointOptions)[]): Tensor {
  if (typeof fn !== 'function') throw new AutogradError('checkpoint', `the first argument must be a function, got ${typeof fn}`);
  const last = args[args.length - 1];
  const hasOptions = last !== undefined && !(last instanceof Tensor);
  const options = (hasOptions ? last : {}) as CheckpointOptions;
  const inputs = (hasOptions ? args.slice(0, -1) : args) as Tensor[];
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new AutogradError('checkpoint', `input ${i} is not a Tensor (options go last)`);
  });
  if (options === null || typeof options !== 'object') throw new AutogradError('checkpoint', 'options must be an object');
  for (const key of Object.keys(options)) {
    if (key !== 'counters' && key !== 'preserveRngState') {
      throw new AutogradError('checkpoint', `unknown option '${key}'; known options: counters, preserveRngState`);
    }
  }
  const rngState = options.preserveRngState === false ? null : defaultGenerator.getState();
  const out = noGrad(() => fn(...inputs));
  if (!(out instanceof Tensor)) throw new AutogradError('checkpoint', `fn must return a Tensor, got ${typeof out}`);
  if (options.counters) options.counters.forwards++;
  // A fresh handle on the same storage, so the node never becomes the gradFn of a tensor the caller
  // already holds (an input, or a constant fn returned).
  const result = new Tensor(out.storage, out.shape, out.strides, out.offset, out.dtype, out.base, out.versionCounter);
  const attrs: CheckpointAttrs = { fn, rngState, counters: options.counters };
  return record('CheckpointBackward', result, inputs, checkpointVjp, inputs, attrs);
}

// d checkpoint(fn)(x) = VJP of fn at x, recomputed: run fn again with recording on, then backpropagate g through it.
function checkpointVjp(grad: Tensor, saved: readonly Tensor[], node: Node<CheckpointAttrs>): (Tensor | null)[] {
  const { fn, rngState, counters } = node.attrs;
  // The engine runs a VJP with recording on exactly when the outer pass has createGraph.
  const createGraph = isGradEnabled();
  const wanted = saved.map((t, i) => t.requiresGrad && node.needsInputGrad(i));
  // Fresh leaves stand for the inputs, so the inner pass stops there. With createGraph they are
  // recorded copies (clone) instead, so the gradients stay differentiable w.r.t. the real inputs.
  const handles = saved.map((t, i) => {
    if (!wanted[i]) return t.detach();
    return createGraph ? t.clone() : t.detach().requiresGrad_(true);
  });
  if (counters) counters.recomputations++;
  const out = withGeneratorState(rngState, () => enableGrad(() => fn(...handles)));
  if (!(out instanceof Tensor) || !sameShape(out.shape, grad.shape)) {
    throw new AutogradError(
      'CheckpointBackward',
      `fn returned ${out instanceof Tensor ? `shape ${fmtShape(out.shape)}` : typeof out} when recomputed, but ${fmtShape(grad.shape)} in the forward; fn must be deterministic`,
    );
  }
  if (!out.requiresGrad) return saved.map(() => null);
  const handleIndex = handles.flatMap((h, i) => (wanted[i] ? [i] : []));
  const leaves = closureLeaves(out, handleIndex.map((i) => handles[i]!), node);
  const targets = [...handleIndex.map((i) => handles[i]!), ...leaves];
  const grads = gradients(out, targets, { gradOutputs: [grad], allowUnused: true, createGraph });
  leaves.forEach((leaf, k) => {
    const g = grads[handleIndex.length + k];
    if (g) accumulate(leaf, g, createGraph);
  });
  const result: (Tensor | null)[] = saved.map(() => null);
  handleIndex.forEach((i, k) => {
    result[i] = grads[k] ?? null;
  });
  return result;
}

/**
 * Leaves requiring grad that the recomputed graph reaches other than through the inputs' handles
 * (parameters fn closes over). Throws on a recorded tensor from outside fn.
 */
function closureLeaves(out: Tensor, handles: readonly Tensor[], node: Node): Tensor[] {
  const stop = new Set<Node>(handles.map((h) => h.gradEdge()));
  const leaves: Tensor[] = [];
  const seen = new Set<Node>();
  const stack: Node[] = [out.gradEdge()];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n) || stop.has(n)) continue;
    seen.add(n);
    if (n instanceof AccumulateGrad) {
      leaves.push(n.variable);
      continue;
    }
    if (n.sequenceNr < node.sequenceNr) {
      throw new AutogradError(
        'checkpoint',
        `fn uses a tensor made by ${n.name} outside fn that requires grad; pass it to checkpoint as an input`,
      );
    }
    for (const next of n.inputs) if (next !== null) stack.push(next);
  }
  return leaves;
}

/** Adds g into leaf.grad the way backward does. */
function accumulate(leaf: Tensor, g: Tensor, createGraph: boolean): void {
  if (leaf.grad === null) leaf.grad = createGraph ? g : g.detach().clone();
  else if (createGraph) leaf.grad = leaf.grad.add(g);
  else {
    const existing = leaf.grad;
    noGrad(() => existing.add_(g));
  }
}

/** Runs fn with the default generator set to `state`, then puts the generator back where it was. */
function withGeneratorState<T>(state: GeneratorState | null, fn: () => T): T {
  if (state === null) return fn();
  const current = defaultGenerator.getState();
  defaultGenerator.setState(state);
  try {
    return fn();
  } finally {
    defaultGenerator.setState(current);
  }
}
