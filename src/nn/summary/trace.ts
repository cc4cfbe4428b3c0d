/**
 * The shape-only pass behind `summary()`: the model's real forward runs once on zero inputs with
 * a backend whose kernels do nothing. Ops still check their arguments, allocate their outputs and
 * record graph nodes, so every shape and every saved tensor is exactly what a real forward makes,
 * at the cost of allocation only. Each submodule's `forward` is wrapped for the duration of the
 * pass to record its calls; the model's parameters, buffers, training flags and random generators
 * are left as they were.
 * @module
 */
import { enableGrad } from '../../autograd/grad-mode.js';
import { Node, type Vjp } from '../../autograd/node.js';
import type { Backend } from '../../backend/backend.js';
import { deriveBackend, type KernelArgs, type KernelName } from '../../backend/kernels.js';
import { kernels, useBackend } from '../../backend/registry.js';
import type { TypedArray } from '../../dtype.js';
import { defaultGenerator, Generator, type GeneratorState } from '../../random.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Module } from '../module.js';
import { reachableNodes } from '../../autograd/reachable.js';

/** One call of one module during the pass. */
export interface TracedCall {
  readonly module: Module;
  /** Dotted name as in `namedModules()` ('' for the model itself). */
  readonly name: string;
  /** How many module calls enclose this one (0 for the model). */
  readonly depth: number;
  /** 1 for the module's first call in the pass, 2 for its second, … */
  readonly call: number;
  readonly parent: TracedCall | null;
  /** Shapes of the tensors among the arguments (nested arrays searched), in order. */
  readonly inputShapes: readonly (readonly number[])[];
  /** Shapes of the tensors in the result (arrays and plain objects searched), in order. */
  outputShapes: readonly (readonly number[])[];
  /** The module's training flag during the call. */
  readonly training: boolean;
  /** Arithmetic kernels run while this call was the innermost module call: 'add' → times. */
  readonly directOps: Map<string, number>;
  /** Bytes of the storages first saved for backward by nodes created while this call was the innermost. */
  ownSavedBytes: number;
  /** Sequence numbers bracketing the nodes created during the call (exclusive). */
  readonly start: number;
  end: number;
}

/** What the pass returns: the calls in the order they started, and the model's output tensors. */
export interface Trace {
  readonly calls: readonly TracedCall[];
  readonly outputs: readonly Tensor[];
}

// Sequence numbers are only handed out by the Node constructor; a throwaway node reads the counter.
const markerVjp: Vjp = () => [];
function sequenceMark(): number {
  return new Node('SummaryMarker', [], markerVjp, [], {}).sequenceNr;
}

/** Every tensor inside `value` (a tensor, or arrays / plain objects holding tensors), in order. */
export function tensorsIn(value: unknown, out: Tensor[] = [], depth = 0): Tensor[] {
  if (value instanceof Tensor) out.push(value);
  else if (depth > 8 || value === null || typeof value !== 'object') return out;
  else if (Array.isArray(value)) for (const v of value) tensorsIn(v, out, depth + 1);
  else if (Object.getPrototypeOf(value) === Object.prototype) for (const v of Object.values(value)) tensorsIn(v, out, depth + 1);
  return out;
}

function shapesIn(value: unknown): number[][] {
  return tensorsIn(value).map((t) => [...t.shape]);
}

/**
 * The kernels that do arithmetic summary() counts, and the name each call is counted under: the
 * op for elementwise and softmax calls, the kernel for the others; null for a call not counted.
 */
const COUNTED: { readonly [K in KernelName]?: (...args: KernelArgs<K>) => string | null } = {
  unary: (op) => op,
  binary: (op) => op,
  softmax: (op) => op,
  reduce: (op) => (op === 'sum' ? op : null),
  matmul: () => 'matmul',
  scatterAdd: () => 'scatterAdd',
  indexAdd: () => 'indexAdd',
  col2im: () => 'col2im',
};

/**
 * A backend whose kernels do nothing: outputs keep the zeros they were allocated with. `note`
 * hears about each kernel that does arithmetic (elementwise, matmul, sums), by op name.
 */
function shapeOnlyBackend(note: (op: string) => void): Backend {
  return deriveBackend('summary-shape-only', (kernel) => {
    const counted = COUNTED[kernel] as ((...args: unknown[]) => string | null) | undefined;
    return (...args: unknown[]) => {
      const name = counted?.(...args) ?? null;
      if (name !== null) note(name);
    };
  });
}

/**
 * Takes a snapshot of everything the pass could touch and returns the function that puts it back:
 * buffer values (BatchNorm's running statistics and num_batches_tracked), the version counters of
 * parameters and buffers, every module's training flag, and the state of the default generator and
 * of every generator held in a field of a module (Dropout's, an RNN's).
 */
function snapshotState(model: Module): () => void {
  const buffers = model.buffers().map((t) => ({ t, values: t.storage.slice() as TypedArray }));
  const versioned = [...model.parameters(), ...model.buffers()].map((t) => ({ counter: t.versionCounter, ...t.versionCounter }));
  const modes = model.modules().map((m) => ({ m, training: m.training }));
  const generators = new Set<Generator>([defaultGenerator]);
  for (const m of model.modules()) {
    for (const v of Object.values(m)) if (v instanceof Generator) generators.add(v);
  }
  const states: [Generator, GeneratorState][] = [...generators].map((g) => [g, g.getState()]);
  return () => {
    for (const { t, values } of buffers) t.storage.set(values);
    for (const { counter, value, lastOp } of versioned) {
      counter.value = value;
      counter.lastOp = lastOp;
    }
    for (const { m, training } of modes) m.training = training;
    for (const [g, state] of states) g.setState(state);
  };
}

/**
 * Wraps `forward` of `module` (an own property shadowing the class's method) so each call runs
 * `around`; returns the function that removes the wrapper.
 */
function wrapForward(module: Module, around: (original: (...args: unknown[]) => unknown, args: unknown[]) => unknown): () => void {
  const own = Object.getOwnPropertyDescriptor(module, 'forward');
  const original = module.forward as unknown as (...args: unknown[]) => unknown;
  const wrapped = (...args: unknown[]): unknown => around(original, args);
  Object.defineProperty(module, 'forward', { value: wrapped, configurable: true, writable: true, enumerable: false });
  return () => {
    if (own) Object.defineProperty(module, 'forward', own);
    else delete (module as unknown as { forward?: unknown }).forward;
  };
}

/**
 * Runs `model.forward(...inputs)` once as a shape-only pass (grad mode on, so the graph and its
 * saved tensors are recorded) and returns every module call with its shapes, the arithmetic
 * kernels each ran directly, and the bytes saved for backward by the nodes each created. A storage
 * saved by several nodes is charged once, to the node created first (as `graphMemory` does);
 * saved tensors of nodes created before the pass are charged to the model's own call.
 */
export function traceModel(model: Module, inputs: readonly Tensor[]): Trace {
  const calls: TracedCall[] = [];
  const stack: TracedCall[] = [];
  const callCounts = new Map<Module, number>();
  const names = model.namedModules();
  const restoreState = snapshotState(model);
  const unwrappers: (() => void)[] = [];
  const previousBackend = kernels();
  let result: unknown;
  try {
    for (const [name, module] of names) {
      unwrappers.push(
        wrapForward(module, (original, args) => {
          const parent = stack[stack.length - 1] ?? null;
          const n = (callCounts.get(module) ?? 0) + 1;
          callCounts.set(module, n);
          const call: TracedCall = {
            module,
            name,
            depth: stack.length,
            call: n,
            parent,
            inputShapes: shapesIn(args),
            outputShapes: [],
            training: module.training,
            directOps: new Map(),
            ownSavedBytes: 0,
            start: sequenceMark(),
            end: 0,
          };
          calls.push(call);
          stack.push(call);
          try {
            const out = original.apply(module, args);
            call.outputShapes = shapesIn(out);
            return out;
          } finally {
            stack.pop();
            call.end = sequenceMark();
          }
        }),
      );
    }
    useBackend(
      shapeOnlyBackend((op) => {
        const top = stack[stack.length - 1];
        if (top) top.directOps.set(op, (top.directOps.get(op) ?? 0) + 1);
      }),
    );
    result = enableGrad(() => (model.forward as unknown as (...args: unknown[]) => unknown)(...inputs));
  } finally {
    useBackend(previousBackend);
    for (const unwrap of unwrappers) unwrap();
    restoreState();
  }
  const outputs = tensorsIn(result);
  chargeSavedBytes(calls, outputs);
  return { calls, outputs };
}

/** Nodes reachable from the outputs' gradFns, in creation order. */
function reachableFromOutputs(outputs: readonly Tensor[]): Node[] {
  return reachableNodes(outputs.flatMap((t) => (t.gradFn === null ? [] : [t.gradFn]))).sort((a, b) => a.sequenceNr - b.sequenceNr);
}

/**
 * Charges each distinct saved storage to the innermost call during which the first node saving it
 * was created. Calls are in start order and nest, so the last call whose bracket holds a node's
 * sequence number is the innermost one.
 */
function chargeSavedBytes(calls: readonly TracedCall[], outputs: readonly Tensor[]): void {
  if (calls.length === 0) return;
  const seen = new Set<TypedArray>();
  for (const node of reachableFromOutputs(outputs)) {
    const saved = node.savedForInspection;
    if (saved === null || node.savedCount === 0) continue;
    let owner = calls[0]!;
    for (let i = calls.length - 1; i >= 0; i--) {
      const c = calls[i]!;
      if (c.start < node.sequenceNr && node.sequenceNr < c.end) {
        owner = c;
        break;
      }
    }
    for (const t of saved) {
      if (t === null || seen.has(t.storage)) continue;
      seen.add(t.storage);
      owner.ownSavedBytes += t.storage.byteLength;
    }
  }
}
