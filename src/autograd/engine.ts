/**
 * The backward pass. `runBackward` (behind `tensor.backward()`) and `gradients` (behind the
 * functional API) both call `walk`, which walks the graph in topological order without
 * recursion (a 100,000-node chain is fine), running each node's hooks and VJP once all the
 * gradient for its output has arrived. From `loss.backward()` to a VJP's body is four calls:
 * Tensor.backward → runBackward → walk → the VJP.
 * @module
 */
import { checkBackwardArgs, checkGradientsArgs } from './api-checks.js';
import { AutogradError, ShapeError, fmtShape } from '../errors.js';
import { kernels } from '../backend/registry.js';
import { sameShape } from '../shape.js';
import type { BackwardOptions, Tensor } from '../tensor/tensor.js';
import { checkFinite, isAnomalyEnabled, setForwardChecks } from './anomaly.js';
import { isGradEnabled, noGrad, setGradEnabled, withGradMode } from './grad-mode.js';
import { AccumulateGrad, type Node } from './node.js';

interface WalkOptions {
  retainGraph: boolean;
  createGraph: boolean;
  /** Nodes whose incoming gradient the caller wants returned (functional API); leaves are then left alone. */
  capture: Map<Node, number[]> | null;
  /** When set, only these leaves' AccumulateGrad nodes accumulate (backward's `inputs` option). */
  accumulateOnly: Set<Node> | null;
}

/** Backward from `roots` (with seed gradients, or ones for scalars), accumulating into leaves' `.grad`. */
export function runBackward(roots: readonly Tensor[], grads: readonly (Tensor | null)[], options: BackwardOptions): void {
  checkBackwardArgs(roots, grads, options);
  const createGraph = options.createGraph ?? false;
  const seeds = seedGradients('backward', roots, grads);
  let accumulateOnly: Set<Node> | null = null;
  if (options.inputs) {
    accumulateOnly = new Set(
      options.inputs.map((t, i) => {
        if (!t.requiresGrad) throw new AutogradError('backward', `inputs[${i}] (shape ${fmtShape(t.shape)}) does not require grad`);
        return t.gradEdge();
      }),
    );
  }
  walk(
    roots.map((r) => r.gradEdge()),
    seeds,
    { retainGraph: options.retainGraph ?? createGraph, createGraph, capture: null, accumulateOnly },
  );
}

/** Options of {@link gradients}. */
export interface GradientsOptions {
  /** Gradients w.r.t. the outputs (required for non-scalar outputs): one per output, or one tensor for one output. */
  gradOutputs?: Tensor | readonly (Tensor | null)[];
  /** Keep the graph for another backward (defaults to createGraph). */
  retainGraph?: boolean;
  /** Record the backward pass, so the returned gradients are themselves differentiable. */
  createGraph?: boolean;
  /** Return null for inputs the outputs do not depend on, instead of throwing. */
  allowUnused?: boolean;
}

/**
 * Gradients of `outputs` w.r.t. `inputs`, returned instead of accumulated into `.grad`
 * (PyTorch's `torch.autograd.grad`).
 */
export function gradients(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradientsOptions = {},
): (Tensor | null)[] {
  const [outs, ins, gradOutputs] = checkGradientsArgs(outputs, inputs, options);
  const createGraph = options.createGraph ?? false;
  const seeds = seedGradients('gradients', outs, gradOutputs);
  const capture = new Map<Node, number[]>();
  ins.forEach((t, i) => {
    if (!t.requiresGrad) throw new AutogradError('gradients', `inputs[${i}] (shape ${fmtShape(t.shape)}) does not require grad`);
    const node = t.gradEdge();
    capture.set(node, [...(capture.get(node) ?? []), i]);
  });
  const captured = walk(
    outs.map((o) => o.gradEdge()),
    seeds,
    { retainGraph: options.retainGraph ?? createGraph, createGraph, capture, accumulateOnly: null },
  );
  return ins.map((t, i) => {
    const g = captured.get(i) ?? null;
    if (g === null && !options.allowUnused) {
      throw new AutogradError(
        'gradients',
        `inputs[${i}] (shape ${fmtShape(t.shape)}) was not used to compute the outputs; pass { allowUnused: true } to get null`,
      );
    }
    return g;
  });
}

/** Checks roots and their gradients; a missing gradient is ones for a one-element root. */
function seedGradients(op: string, roots: readonly Tensor[], grads: readonly (Tensor | null)[]): Tensor[] {
  if (grads.length !== roots.length) {
    throw new AutogradError(op, `got ${grads.length} gradients for ${roots.length} outputs`);
  }
  return roots.map((root, i) => {
    if (!root.requiresGrad) {
      throw new AutogradError(
        op,
        `output ${i} (shape ${fmtShape(root.shape)}) does not require grad and has no gradFn: nothing in its computation requires grad`,
      );
    }
    const g = grads[i];
    if (g === null || g === undefined) {
      if (root.numel() !== 1) {
        throw new AutogradError(
          op,
          `a gradient can be created implicitly only for one-element outputs; output ${i} has shape ${fmtShape(root.shape)}: pass a gradient of that shape`,
        );
      }
      const ones = root.detach().clone().fill_(1);
      return ones;
    }
    if (!sameShape(g.shape, root.shape)) {
      throw new ShapeError(op, `gradient ${i} has shape ${fmtShape(g.shape)} but the output has shape ${fmtShape(root.shape)}`);
    }
    if (g.dtype !== root.dtype) {
      throw new AutogradError(op, `gradient ${i} is ${g.dtype} but the output is ${root.dtype}`);
    }
    return g;
  });
}

/** What the walk knows of a node: edges yet to deliver, the gradient so far, and whether the engine owns it. */
interface Pending {
  edges: number;
  grad: Tensor | null;
  owned: boolean;
}

/** A {@link Pending} entry for every node reachable from the roots, with the edges into it counted. */
function countDependencies(roots: readonly Node[]): Map<Node, Pending> {
  const pending = new Map<Node, Pending>();
  const stack: Node[] = [];
  const visit = (node: Node, edges: number): void => {
    pending.set(node, { edges, grad: null, owned: false });
    stack.push(node);
  };
  for (const root of roots) if (!pending.has(root)) visit(root, 0);
  while (stack.length > 0) {
    for (const next of stack.pop()!.inputs) {
      if (next === null) continue;
      const entry = pending.get(next);
      if (entry !== undefined) entry.edges++;
      else visit(next, 1);
    }
  }
  return pending;
}

/** Nodes from which some capture target can be reached (only they need to run in capture mode). */
function nodesLeadingTo(targets: ReadonlySet<Node>, roots: readonly Node[]): Set<Node> {
  // Iterative post-order: a node leads to a target if it is one or one of its inputs leads to one.
  const leads = new Set<Node>();
  const done = new Set<Node>();
  const stack: [Node, boolean][] = roots.map((r) => [r, false]);
  while (stack.length > 0) {
    const [node, expanded] = stack.pop()!;
    if (done.has(node)) continue;
    if (!expanded) {
      stack.push([node, true]);
      for (const next of node.inputs) if (next !== null && !done.has(next)) stack.push([next, false]);
      continue;
    }
    done.add(node);
    if (targets.has(node) || node.inputs.some((next) => next !== null && leads.has(next))) leads.add(node);
  }
  return leads;
}

/**
 * Runs every node whose output gradient is complete, the last created first, until none is left.
 * Grad mode is set once for the whole pass (VJPs record only under createGraph), and the forward
 * NaN/Inf checks of anomaly mode are off: the walk checks each VJP's results and names the node.
 */
function walk(roots: readonly Node[], seeds: readonly Tensor[], options: WalkOptions): Map<number, Tensor> {
  const pending = countDependencies(roots);
  const captured = new Map<number, Tensor>();
  const targets = options.capture ?? options.accumulateOnly;
  const useful = targets ? nodesLeadingTo(new Set(targets.keys()), roots) : null;
  const ready: Node[] = [];

  const gradModeBefore = isGradEnabled();
  const forwardChecksBefore = setForwardChecks(false);
  setGradEnabled(options.createGraph);
  try {
    roots.forEach((root, i) => addToBuffer(pending.get(root)!, seeds[i]!, options.createGraph));
    for (const root of new Set(roots)) if (pending.get(root)!.edges === 0) ready.push(root);
    while (ready.length > 0) {
      const node = ready.pop()!;
      const entry = pending.get(node)!;
      let grad = entry.grad;
      entry.grad = null; // handed on: VJPs may pass it along as it is
      entry.owned = false;
      let results: readonly (Tensor | null)[] = [];
      if (grad !== null && (useful === null || useful.has(node))) {
        grad = runHooks(node, grad, options.createGraph, options.capture === null);
        const indices = options.capture?.get(node);
        if (indices) for (const i of indices) captured.set(i, grad);
        if (node instanceof AccumulateGrad) {
          if (options.capture === null && (options.accumulateOnly === null || options.accumulateOnly.has(node))) {
            accumulateIntoLeaf(node.variable, grad, options.createGraph);
          }
        } else if (node.inputs.some((next) => next !== null && (useful === null || useful.has(next)))) {
          const vjpInto = options.createGraph ? undefined : node.vjpInto; // matmul's and slice's only (see VjpInto)
          const into = vjpInto === undefined ? undefined : offeredBuffers(node, pending);
          if (vjpInto === undefined || into === undefined) {
            results = node.vjp(grad, node.saved, node);
          } else {
            results = vjpInto(grad, node.saved, node, into);
            // a gradient the VJP added into the offered buffer itself is summed already
            results = results.map((g, i) => (g !== null && g === into[i] ? null : g));
          }
          checkVjpResults(node, results);
          if (!options.retainGraph) node.release();
        }
      }
      for (let i = 0; i < node.inputs.length; i++) {
        const next = node.inputs[i];
        if (!next) continue;
        const nextEntry = pending.get(next)!;
        const g = results[i];
        if (g) addToBuffer(nextEntry, g, options.createGraph);
        if (--nextEntry.edges === 0) ready.push(next);
      }
    }
  } finally {
    setGradEnabled(gradModeBefore);
    setForwardChecks(forwardChecksBefore);
  }
  return captured;
}

/**
 * Sums gradient contributions for a node. The first sum is a new tensor the engine owns
 * (`entry.owned`), and later contributions are added into it in place, so a tensor used k times
 * costs one new buffer instead of k − 1. Under createGraph every sum is an ordinary recorded `add`.
 */
function addToBuffer(entry: Pending, grad: Tensor, createGraph: boolean): void {
  const existing = entry.grad;
  if (existing === null) {
    entry.grad = grad;
  } else if (entry.owned && existing.dtype === grad.dtype) {
    // existing is contiguous and private (an earlier sum): existing += grad
    kernels().binary('add', existing, grad, existing.storage);
  } else {
    entry.grad = existing.add(grad);
    entry.owned = !createGraph;
  }
}

/** Runs the tensor hooks on a node's incoming gradient and (in backward) stores it for retainGrad. */
function runHooks(node: Node, grad: Tensor, createGraph: boolean, storeRetained: boolean): Tensor {
  let g = grad;
  // a copy, so a hook that removes itself does not skip the next one
  for (const hook of node.hooks.length === 0 ? node.hooks : [...node.hooks]) {
    const replaced = hook(g);
    if (replaced !== undefined) {
      if (!sameShape(replaced.shape, g.shape)) {
        throw new ShapeError('registerHook', `a hook on ${node.name}'s output returned shape ${fmtShape(replaced.shape)}, expected ${fmtShape(g.shape)}`);
      }
      g = replaced;
    }
  }
  if (storeRetained && node.retainedOutput !== null) accumulateIntoLeaf(node.retainedOutput, g, createGraph);
  return g;
}

/**
 * The buffers a VJP may add into (see VjpInto): per input, the gradient summed so far for its node
 * when the engine owns it, else null; undefined when no input has one.
 */
function offeredBuffers(node: Node, pending: Map<Node, Pending>): (Tensor | null)[] | undefined {
  const offered = node.inputs.map((next) => {
    const entry = next === null ? undefined : pending.get(next);
    return entry?.owned ? entry.grad : null;
  });
  return offered.some((g) => g !== null) ? offered : undefined;
}

/** Checks what a VJP returned: one gradient per input, of the input's shape (and finite, in anomaly mode). */
function checkVjpResults(node: Node, results: readonly (Tensor | null)[]): void {
  if (results.length !== node.inputs.length) {
    throw new AutogradError(node.name, `${node.vjp.name || 'the VJP'} returned ${results.length} gradients for ${node.inputs.length} inputs`);
  }
  const anomaly = isAnomalyEnabled();
  for (let i = 0; i < results.length; i++) {
    const g = results[i];
    if (!g || node.inputs[i] === null) continue;
    if (!sameShape(g.shape, node.inputShapes[i]!)) {
      throw new ShapeError(
        node.name,
        `${node.vjp.name || 'the VJP'} returned a gradient of shape ${fmtShape(g.shape)} for input ${i} of shape ${fmtShape(node.inputShapes[i]!)}`,
      );
    }
    if (anomaly) {
      checkFinite(node.name, `the gradient for input ${i} computed by ${node.vjp.name || 'the VJP'} in the backward pass`, g, node.creationStack);
    }
  }
}

/**
 * Adds `grad` into `t.grad`: a private copy the first time (recorded under createGraph; never the
 * incoming tensor itself, which may be the caller's seed or an expanded view), in place afterwards
 * (out of place under createGraph).
 */
function accumulateIntoLeaf(t: Tensor, grad: Tensor, createGraph: boolean): void {
  if (t.grad === null) {
    t.grad = createGraph ? withGradMode(true, () => grad.clone()) : grad.detach().clone();
  } else if (createGraph) {
    t.grad = t.grad.add(grad);
  } else {
    const existing = t.grad;
    noGrad(() => existing.add_(grad));
  }
}
