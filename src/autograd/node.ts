/**
 * Graph nodes. Every differentiable op that sees an input requiring grad creates one {@link Node}:
 * its op name (`MulBackward`), its ordered inputs (the nodes their gradients flow to), the tensors
 * it saved for backward, and a named VJP function. A breakpoint in the engine shows exactly these.
 * @module
 */
import type { DType } from '../dtype.js';
import { AutogradError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { blamedOp, captureStack, checkFinite, isAnomalyEnabled, isForwardCheckEnabled } from './anomaly.js';
import { isGradEnabled } from './grad-mode.js';

/**
 * A vector-Jacobian product: given the gradient of the output, returns one gradient per input
 * (null where an input needs none). Written with Tensor ops, so it is itself differentiable.
 * `node.attrs` has the type `A` of the attrs its op recorded: `node.attrs.dim` is a number
 * because softmax recorded `{ dim }`.
 *
 * ```ts
 * // d softmax = y ⊙ (g − Σ g ⊙ y)
 * function softmaxVjp(g: Tensor, [y]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] { … }
 * ```
 */
export type Vjp<A = unknown> = VjpSignatures<A>['vjp'];

/**
 * A VJP that may add its gradient for input i into `into[i]`, the gradient the engine has summed
 * so far for that input (a private contiguous tensor of the input's shape, or null), returning
 * that same tensor as its result for input i; the engine then knows it is summed already. Only
 * matmul and slice have one: a weight used (or a tensor sliced) at every step of a recurrent loop
 * then gets one gradient buffer per backward pass, not a new full-size tensor and add per step.
 * The engine calls it instead of the VJP when it holds such a buffer (never under createGraph).
 */
export type VjpInto<A = unknown> = VjpSignatures<A>['vjpInto'];

// Declared as methods because TypeScript compares method parameters both ways: a
// Node<{ dim: number }> is then also a plain Node, and the engine can hold every node in one list.
// `record` is where an op's attrs and its VJP are checked against each other.
interface VjpSignatures<A> {
  vjp(grad: Tensor, saved: readonly Tensor[], node: Node<A>): readonly (Tensor | null)[];
  vjpInto(grad: Tensor, saved: readonly Tensor[], node: Node<A>, into: readonly (Tensor | null)[]): readonly (Tensor | null)[];
}

/** The attrs of an op that records none. */
export type NoAttrs = Readonly<Record<string, never>>;

/** A function called with the gradient flowing into a tensor; it may return a replacement. */
export type GradHook = (grad: Tensor) => Tensor | void;

/** Returned by `registerHook`; `remove()` unregisters the hook. */
export interface HookHandle {
  remove(): void;
}

/** Shared by a tensor and all its views: bumped by every in-place change. */
export interface VersionCounter {
  value: number;
  /** Name of the in-place op that made the last change (for error messages). */
  lastOp: string;
}

let sequence = 0;

/**
 * One recorded op: the unit the backward pass walks. `A` is the type of its attrs (`Node` alone
 * is a node with attrs of unknown type, as the engine sees every node).
 */
export class Node<A = unknown> {
  /** The op's name in PyTorch style: `MulBackward`, `SumBackward`, `AccumulateGrad`. */
  readonly name: string;
  /** Where each input's gradient goes: that input's node, or null if it needs no gradient. */
  readonly inputs: readonly (Node | null)[];
  /** Shapes of the inputs, in order (the VJP's results must match them). */
  readonly inputShapes: readonly (readonly number[])[];
  /** Dtypes of the inputs, in order. */
  readonly inputDtypes: readonly DType[];
  /** The vector-Jacobian product; its function name (`mulVjp`) says which one it is. */
  readonly vjp: Vjp<A>;
  /** matmul's and slice's VJP that adds into the engine's gradient buffers (see VjpInto); undefined for every other op. */
  readonly vjpInto: VjpInto<A> | undefined;
  /** Non-tensor arguments the VJP needs (dims, slopes, shapes), as the op recorded them. */
  readonly attrs: A;
  /** Creation order; later nodes run first when several are ready. */
  readonly sequenceNr: number;
  /** Stack at creation, recorded in anomaly mode only. */
  readonly creationStack: string | undefined;
  /** Hooks on the gradient of this node's output tensor (registerHook on a non-leaf). */
  readonly hooks: GradHook[] = [];
  /** The output tensor, when the user asked it to keep its gradient (retainGrad). */
  retainedOutput: Tensor | null = null;

  /** How many tensors the node saved for backward (still known after they are freed). */
  readonly savedCount: number;

  private savedTensors: readonly (Tensor | null)[] | null;
  private readonly savedVersions: readonly number[];

  constructor(
    name: string,
    inputs: readonly Tensor[],
    vjp: Vjp<A>,
    saved: readonly (Tensor | null)[],
    attrs: A,
    vjpInto?: VjpInto<A>,
  ) {
    this.name = name;
    this.inputs = inputs.map((t) => (t.requiresGrad ? t.gradEdge() : null));
    this.inputShapes = inputs.map((t) => t.shape);
    this.inputDtypes = inputs.map((t) => t.dtype);
    this.vjp = vjp;
    this.vjpInto = vjpInto;
    this.attrs = attrs;
    this.savedTensors = saved;
    this.savedCount = saved.filter((t) => t !== null).length;
    this.savedVersions = saved.map((t) => (t === null ? 0 : t.versionCounter.value));
    this.sequenceNr = sequence++;
    this.creationStack = isAnomalyEnabled() ? captureStack() : undefined;
  }

  /** Whether input i needs a gradient. */
  needsInputGrad(i: number): boolean {
    return this.inputs[i] !== null;
  }

  /** True once a backward pass without `retainGraph` has released the saved tensors. */
  get freed(): boolean {
    return this.savedTensors === null;
  }

  /**
   * The saved tensors, checked: throws if the buffers were freed by an earlier backward or a
   * saved tensor was changed in place since it was saved.
   */
  get saved(): readonly Tensor[] {
    if (this.savedTensors === null) {
      throw new AutogradError(
        this.name,
        'trying to backward through the graph a second time: its saved tensors were freed by the first ' +
          'backward(). Pass { retainGraph: true } to the first backward() to keep them.',
      );
    }
    for (let i = 0; i < this.savedTensors.length; i++) {
      const t = this.savedTensors[i];
      if (t && t.versionCounter.value !== this.savedVersions[i]) {
        throw new AutogradError(
          this.name,
          `a tensor it saved for backward (saved[${i}], shape ${fmtShape(t.shape)}) was modified by the in-place op ` +
            `${t.versionCounter.lastOp} after ${this.name} saved it (version ${this.savedVersions[i]}, now ` +
            `${t.versionCounter.value}). Clone the tensor before changing it in place, or change it out of place.`,
        );
      }
    }
    return this.savedTensors as readonly Tensor[];
  }

  /** The saved tensors without checks (for printing and memory accounting); null once freed. */
  get savedForInspection(): readonly (Tensor | null)[] | null {
    return this.savedTensors;
  }

  /**
   * Drops the saved tensors (called by backward unless retainGraph). A node that saved nothing
   * has nothing to free and stays runnable, as in PyTorch (`x.sum().backward()` twice works).
   */
  release(): void {
    if (this.savedCount > 0) this.savedTensors = null;
  }

  toString(): string {
    return `<${this.name}>`;
  }
}

/** The node at a leaf that requires grad: its "VJP" adds the incoming gradient into `.grad`. */
export class AccumulateGrad extends Node<NoAttrs> {
  /** The leaf tensor whose `.grad` this node accumulates into. */
  readonly variable: Tensor;
  constructor(variable: Tensor) {
    super('AccumulateGrad', [], accumulateGradVjp, [], NO_ATTRS);
    this.variable = variable;
  }
}

// AccumulateGrad has no inputs; the engine handles accumulation itself (engine.ts, accumulateIntoLeaf).
function accumulateGradVjp(): readonly (Tensor | null)[] {
  return [];
}

const NO_ATTRS: NoAttrs = Object.freeze({});
const NOTHING_SAVED: readonly Tensor[] = [];

/** Anomaly mode's forward check: names the node, or the public op running it (blameAs), with the stack of the call. */
function forwardCheck(name: string, out: Tensor): void {
  const op = blamedOp();
  checkFinite(op ?? name, op === null ? 'the forward output' : `the forward output of ${name} inside ${op}`, out, captureStack);
}

/**
 * Attaches a node to `out` when grad mode is on and some input requires grad; in anomaly mode
 * also checks `out` for NaN/Inf. Every differentiable op ends by returning `record(...)`. The
 * attrs are type-checked against what the VJP reads from `node.attrs`.
 *
 * ```ts
 * return record('SoftmaxBackward', out, [x], softmaxVjp, [out], { dim: d });
 * ```
 */
export function record(name: string, out: Tensor, inputs: readonly Tensor[], vjp: Vjp<NoAttrs>, saved?: readonly (Tensor | null)[]): Tensor;
export function record<A>(
  name: string,
  out: Tensor,
  inputs: readonly Tensor[],
  vjp: Vjp<A>,
  saved: readonly (Tensor | null)[],
  attrs: A,
  vjpInto?: VjpInto<A>,
): Tensor;
export function record<A>(
  name: string,
  out: Tensor,
  inputs: readonly Tensor[],
  vjp: Vjp<A | NoAttrs>,
  saved: readonly (Tensor | null)[] = NOTHING_SAVED,
  attrs: A | NoAttrs = NO_ATTRS,
  vjpInto?: VjpInto<A | NoAttrs>,
): Tensor {
  if (isForwardCheckEnabled()) forwardCheck(name, out);
  if (!isGradEnabled()) return out;
  let anyRequiresGrad = false;
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i]!.requiresGrad) {
      anyRequiresGrad = true;
      break;
    }
  }
  if (!anyRequiresGrad) return out;
  out.setGradFn(new Node(name, inputs, vjp, saved, attrs, vjpInto));
  return out;
}
