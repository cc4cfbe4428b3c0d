/**
 * `summary(model, inputShape)`: a per-layer table of output shapes, parameters, multiplications,
 * additions, activation-function evaluations and bytes saved for backward, computed from one
 * shape-only forward pass (no arithmetic runs). The counting conventions are in
 * `summary/counting.ts` and docs/summary.md.
 * @module
 */
import { checkDType, isFloating, type DType, type FloatDType } from '../dtype.js';
import { formatValue } from '../errors.js';
import { ValueError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { Module } from './module.js';
import { countLayer, type OpCounts } from './summary/counting.js';
import { traceModel, type TracedCall } from './summary/trace.js';

export type { OpCounts, LayerCall } from './summary/counting.js';

/**
 * What a row stands for:
 * - `'layer'`: a module with a counting rule (Linear, Conv2d, ReLU, LSTM, …); its counts follow
 *   the rule.
 * - `'container'`: a module with submodules and no rule (Sequential, a ResNet block, your model);
 *   its counts are the subtotals of the calls inside it. Arithmetic its own forward runs outside
 *   any submodule (a residual `add`) is listed in `notCounted`, not counted.
 * - `'uncounted'`: a module without submodules whose type has no rule: counts are 0 and
 *   `notCounted` says so (no guessing).
 */
export type SummaryRowKind = 'layer' | 'container' | 'uncounted';

/** One call of one module, in execution order (a module called twice has two rows). */
export interface SummaryRow {
  /** Dotted name as in `namedModules()` (`layer1.0.conv1`); '' for the model itself. */
  readonly name: string;
  /** The module's type name (`Conv2d`). */
  readonly type: string;
  readonly kind: SummaryRowKind;
  /** Nesting depth: 0 for the model, 1 for its children, … */
  readonly depth: number;
  /** 1 for the module's first call, 2 for its second (shared modules, a reused ReLU), … */
  readonly call: number;
  /** Shapes of the tensor arguments. */
  readonly inputShapes: readonly (readonly number[])[];
  /** Shapes of the tensors returned (an LSTM returns output, hN and cN). */
  readonly outputShapes: readonly (readonly number[])[];
  /**
   * Trainable parameters of the module and its submodules (elements of parameters that require
   * grad), on the module's first call only (0 on later calls, so the column adds up).
   */
  readonly parameters: number;
  readonly multiplications: number;
  readonly additions: number;
  /** Activation-function evaluations. */
  readonly activations: number;
  /** Bytes of the storages the graph nodes created in this call saved for backward (first saver pays). */
  readonly bytesSavedForBackward: number;
  /** Work this row does that the counts leave out, and why. Empty for layers. */
  readonly notCounted: readonly string[];
}

/** The whole model. */
export interface SummaryTotals {
  /** Elements of the model's parameters that require grad (each shared tensor once). */
  readonly parameters: number;
  /** Elements of the model's parameters that do not require grad (frozen). */
  readonly nonTrainableParameters: number;
  readonly multiplications: number;
  readonly additions: number;
  readonly activations: number;
  /**
   * Bytes the graph of one forward pass holds for backward: the distinct storages saved by the
   * nodes reachable from the outputs, the quantity `graphMemory(outputs).bytes` measures after a
   * real forward on inputs of these shapes.
   */
  readonly bytesSavedForBackward: number;
  /** One line per row whose work is not (fully) in the counts. */
  readonly notCounted: readonly string[];
}

/** What {@link summary} returns. */
export interface ModelSummary {
  readonly rows: readonly SummaryRow[];
  readonly totals: SummaryTotals;
  readonly inputShapes: readonly (readonly number[])[];
  readonly outputShapes: readonly (readonly number[])[];
  /** The rows as a readable table, with the totals below. */
  toString(): string;
}

/** Options of {@link summary}. */
export interface SummaryOptions {
  /** dtype of float inputs (default: the dtype of the model's first float parameter, else float32). */
  dtype?: FloatDType;
  /** dtype of each input, one for all or one per input (default `dtype`); `'int32'` for an Embedding. int32 inputs are zeros, valid indices. */
  inputDtype?: DType | readonly DType[];
}

/**
 * Summarizes `model` for inputs of the given shape(s): one row per module call, in execution
 * order, with output shapes, trainable parameters, multiplications, additions, activation
 * evaluations and bytes saved for backward, plus totals. Nothing is computed: the model's own
 * forward runs once on zero inputs with kernels that do nothing, so shapes and saved tensors are
 * exact and a 256×32×32 input costs allocation only. The model is left exactly as it was
 * (parameters, buffers, training flags, random generators). The forward runs with grad mode on,
 * in the model's current training mode (training-mode Dropout and BatchNorm count their work).
 *
 * Counting conventions (docs/summary.md): a division is a multiplication; summing t terms takes
 * t − 1 additions, so a layer with bias has equal multiplication and addition counts; padding is
 * counted; comparisons (max pooling) and square roots are not counted; activations count one
 * evaluation per element.
 *
 * ```ts
 * const s = summary(new LeNet(), [1, 1, 28, 28]);
 * s.totals.multiplications; // 416,520
 * console.log(s.toString());
 * summary(new Bilinear(2, 3, 4), [[5, 2], [5, 3]]);            // several inputs
 * summary(new Embedding(10, 4), [2, 5], { inputDtype: 'int32' });
 * ```
 */
export function summary(model: Module, inputShape: readonly number[] | readonly (readonly number[])[], options: SummaryOptions = {}): ModelSummary {
  if (!(model instanceof Module)) throw new ValueError('summary', `model must be a Module, got ${describe(model)}`);
  const shapes = checkInputShapes(inputShape);
  const dtypes = inputDtypes(model, shapes.length, options);
  const inputs = shapes.map((shape, i) => zeros(shape, { dtype: dtypes[i]! }));
  const trace = traceModel(model, inputs);
  const rows = buildRows(trace.calls);
  const root = rows[0];
  const params = model.parameters();
  const totals: SummaryTotals = {
    parameters: params.filter((p) => p.requiresGrad).reduce((n, p) => n + p.numel(), 0),
    nonTrainableParameters: params.filter((p) => !p.requiresGrad).reduce((n, p) => n + p.numel(), 0),
    multiplications: root?.multiplications ?? 0,
    additions: root?.additions ?? 0,
    activations: root?.activations ?? 0,
    bytesSavedForBackward: root?.bytesSavedForBackward ?? 0,
    notCounted: rows.flatMap((r) => r.notCounted.map((why) => `${label(r)}: ${why}`)),
  };
  const outputShapes = trace.outputs.map((t) => [...t.shape]);
  return { rows, totals, inputShapes: shapes, outputShapes, toString: () => formatSummary(rows, totals) };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}

/** One shape (`[1, 3, 32, 32]`) or several (`[[5, 2], [5, 3]]`); sizes are non-negative integers. */
function checkInputShapes(inputShape: readonly number[] | readonly (readonly number[])[]): number[][] {
  if (!Array.isArray(inputShape)) {
    throw new ValueError('summary', `inputShape must be a shape like [1, 3, 32, 32] or a list of shapes, got ${describe(inputShape)}`);
  }
  const several = inputShape.length > 0 && inputShape.every((s) => Array.isArray(s));
  const shapes = (several ? inputShape : [inputShape]) as readonly unknown[];
  return shapes.map((shape, i) => {
    const ok = Array.isArray(shape) && shape.every((s) => typeof s === 'number' && Number.isInteger(s) && s >= 0);
    if (!ok) {
      const which = several ? `inputShape[${i}]` : 'inputShape';
      throw new ValueError('summary', `${which} must hold non-negative integer sizes, got ${formatValue(shape)}`);
    }
    return [...(shape as number[])];
  });
}

function inputDtypes(model: Module, count: number, options: SummaryOptions): DType[] {
  const modelDtype = model.parameters().find((p) => isFloating(p.dtype))?.dtype as FloatDType | undefined;
  const floatDtype = options.dtype === undefined ? (modelDtype ?? 'float32') : checkDType('summary', options.dtype);
  if (!isFloating(floatDtype)) throw new ValueError('summary', `dtype must be 'float32' or 'float64', got '${floatDtype}'`);
  const given = options.inputDtype;
  if (given === undefined) return new Array<DType>(count).fill(floatDtype);
  if (typeof given === 'string') return new Array<DType>(count).fill(checkDType('summary', given));
  if (!Array.isArray(given) || given.length !== count) {
    throw new ValueError('summary', `inputDtype must be one dtype or one per input (${count}), got ${formatValue(given)}`);
  }
  return given.map((d) => checkDType('summary', d));
}

function trainableCount(module: Module): number {
  return module.parameters().filter((p) => p.requiresGrad).reduce((n, p) => n + p.numel(), 0);
}

function formatOps(ops: Map<string, number>): string {
  return [...ops].map(([op, times]) => `${op} ×${times}`).join(', ');
}

/** Rows in call order; each container's counts are the sums over the calls inside it. */
function buildRows(calls: readonly TracedCall[]): SummaryRow[] {
  const children = new Map<TracedCall, TracedCall[]>();
  for (const c of calls) if (c.parent) children.set(c.parent, [...(children.get(c.parent) ?? []), c]);
  const done = new Map<TracedCall, SummaryRow>();
  const rowOf = (c: TracedCall): SummaryRow => {
    const cached = done.get(c);
    if (cached) return cached;
    const inner = (children.get(c) ?? []).map(rowOf);
    const rule = countLayer(c.module, c);
    const kind: SummaryRowKind = rule !== null ? 'layer' : c.module.namedChildren().length > 0 ? 'container' : 'uncounted';
    const sum = (pick: (r: OpCounts) => number): number => inner.reduce((n, r) => n + pick(r), 0);
    const ops: OpCounts = rule ?? {
      multiplications: sum((r) => r.multiplications),
      additions: sum((r) => r.additions),
      activations: sum((r) => r.activations),
    };
    const notCounted: string[] = [];
    if (kind === 'uncounted') {
      const ran = c.directOps.size > 0 ? ` (it ran ${formatOps(c.directOps)})` : '';
      notCounted.push(`no counting rule for ${c.module.typeName}; counted as 0${ran}`);
    } else if (kind === 'container' && c.directOps.size > 0) {
      notCounted.push(`${formatOps(c.directOps)} in its own forward, outside its submodules`);
    }
    const row: SummaryRow = {
      name: c.name,
      type: c.module.typeName,
      kind,
      depth: c.depth,
      call: c.call,
      inputShapes: c.inputShapes,
      outputShapes: c.outputShapes,
      parameters: c.call === 1 ? trainableCount(c.module) : 0,
      multiplications: ops.multiplications,
      additions: ops.additions,
      activations: ops.activations,
      bytesSavedForBackward: c.ownSavedBytes + inner.reduce((n, r) => n + r.bytesSavedForBackward, 0),
      notCounted,
    };
    done.set(c, row);
    return row;
  };
  return calls.map(rowOf);
}

function label(row: SummaryRow): string {
  const name = row.name === '' ? '(model)' : row.name;
  return `${name} (${row.type})${row.call > 1 ? ` #${row.call}` : ''}`;
}

const fmtInt = (n: number): string => n.toLocaleString('en-US');

function fmtShapes(shapes: readonly (readonly number[])[]): string {
  return shapes.map((s) => `[${s.join(', ')}]`).join(', ');
}

function fmtBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(2)} ${units[unit]}`;
}

/**
 * The table: layers show their counts; containers show their subtotals in parentheses; uncounted
 * modules show '?'. The totals add the layer rows (each parameter once).
 */
function formatSummary(rows: readonly SummaryRow[], totals: SummaryTotals): string {
  const header = ['Layer (type)', 'Output shape', 'Params', 'Mults', 'Adds', 'Activations', 'Saved for backward'];
  const cell = (row: SummaryRow, n: number): string => (row.kind === 'uncounted' ? '?' : row.kind === 'container' ? `(${fmtInt(n)})` : fmtInt(n));
  const body = rows.map((r) => [
    `${'  '.repeat(r.depth)}${label(r)}${r.notCounted.length > 0 ? ' *' : ''}`,
    fmtShapes(r.outputShapes),
    fmtInt(r.parameters),
    cell(r, r.multiplications),
    cell(r, r.additions),
    cell(r, r.activations),
    fmtBytes(r.bytesSavedForBackward),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const rule = '─'.repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  const out = [line(header), rule, ...body.map(line), rule];
  out.push(`Trainable parameters:     ${fmtInt(totals.parameters)}`);
  if (totals.nonTrainableParameters > 0) out.push(`Non-trainable parameters: ${fmtInt(totals.nonTrainableParameters)}`);
  out.push(`Multiplications:          ${fmtInt(totals.multiplications)}`);
  out.push(`Additions:                ${fmtInt(totals.additions)}`);
  out.push(`Activation evaluations:   ${fmtInt(totals.activations)}`);
  out.push(`Saved for backward:       ${fmtInt(totals.bytesSavedForBackward)} bytes (${fmtBytes(totals.bytesSavedForBackward)})`);
  out.push('(…) container subtotal; ? no counting rule (counted as 0).');
  if (totals.notCounted.length > 0) {
    out.push('* not counted:');
    for (const why of totals.notCounted) out.push(`  ${why}`);
  }
  return out.join('\n');
}
