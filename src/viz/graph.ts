/**
 * Looking at the graph behind a tensor: `printGraph` as an indented text tree, `toDot` as
 * Graphviz source (`dot -Tsvg`, or `toSvg` in ./svg.ts). Both list each node's op, VJP function,
 * input shapes and saved tensors; leaves show their `name` when you set one. `toDot` also shows each
 * node's output shape and, after backward, the norm of each gradient that was kept (leaves, and
 * tensors that called `retainGrad`).
 * @module
 */
import { AccumulateGrad, type Node } from '../autograd/node.js';
import { fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';

function leafLabel(node: AccumulateGrad): string {
  const v = node.variable;
  return `${v.name ?? 'leaf'} ${fmtShape(v.shape)} ${v.dtype}`;
}

function savedLabel(node: Node): string {
  const saved = node.savedForInspection;
  if (node.savedCount === 0) return '';
  if (saved === null) return `saved: ${node.savedCount} freed`;
  const live = saved.filter((t): t is Tensor => t !== null);
  return live.length === 0 ? '' : `saved: ${live.map((t) => fmtShape(t.shape)).join(' ')}`;
}

function nodeLabel(node: Node): string {
  if (node instanceof AccumulateGrad) return `AccumulateGrad → ${leafLabel(node)}`;
  const parts = [node.name, `vjp=${node.vjp.name || 'anonymous'}`, `in: ${node.inputShapes.map(fmtShape).join(' ')}`];
  const saved = savedLabel(node);
  if (saved) parts.push(saved);
  return parts.join('  ');
}

/** Numbers the nodes reachable from `root` in depth-first order (iteratively). */
function numberNodes(root: Node): Map<Node, number> {
  const ids = new Map<Node, number>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (ids.has(node)) continue;
    ids.set(node, ids.size);
    for (let i = node.inputs.length - 1; i >= 0; i--) {
      const next = node.inputs[i];
      if (next && !ids.has(next)) stack.push(next);
    }
  }
  return ids;
}

/** Indentation stops growing at this depth, so a 100,000-step chain prints in linear size. */
const MAX_INDENT_DEPTH = 32;

/** The graph that produced `t` as an indented tree, inputs in order; a node reached again is referenced by its #id. */
export function printGraph(t: Tensor): string {
  const header = `${t.name ?? 'tensor'} ${fmtShape(t.shape)} ${t.dtype}`;
  if (!t.requiresGrad) return `${header} (does not require grad: no graph)`;
  const root = t.gradEdge();
  const ids = numberNodes(root);
  const lines = [header];
  const printed = new Set<Node>();
  const stack: { node: Node; prefix: string; last: boolean }[] = [{ node: root, prefix: '', last: true }];
  while (stack.length > 0) {
    const { node, prefix, last } = stack.pop()!;
    const branch = last ? '└─ ' : '├─ ';
    if (printed.has(node)) {
      lines.push(`${prefix}${branch}#${ids.get(node)} ${node.name} (see above)`);
      continue;
    }
    printed.add(node);
    lines.push(`${prefix}${branch}#${ids.get(node)} ${nodeLabel(node)}`);
    const children = node.inputs.filter((n): n is Node => n !== null);
    const deep = prefix.length >= 3 * MAX_INDENT_DEPTH;
    const childPrefix = deep ? prefix : prefix + (last ? '   ' : '│  ');
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, prefix: childPrefix, last: i === children.length - 1 });
  }
  return lines.join('\n');
}

/** ‖g‖₂ of a kept gradient, to 4 significant digits, summed in float64. */
function gradNormLabel(grad: Tensor | null): string {
  if (grad === null) return '';
  let sum = 0;
  for (const v of grad.toTypedArray()) sum += Number(v) * Number(v);
  return `‖grad‖ ${Number(Math.sqrt(sum).toPrecision(4))}`;
}

/** Each node's output shape: the root's is `t`'s, every other's is the shape its consumer saw as input. */
function outputShapes(t: Tensor, ids: Map<Node, number>): Map<Node, readonly number[]> {
  const shapes = new Map<Node, readonly number[]>([[t.gradEdge(), t.shape]]);
  for (const node of ids.keys()) node.inputs.forEach((next, i) => next && !shapes.has(next) && shapes.set(next, node.inputShapes[i]!));
  return shapes;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A DOT label of the non-empty `lines`, one per line (DOT's `\n` escape). */
function quoteLines(lines: readonly string[]): string {
  return quote(lines.filter((line) => line !== '').join('\n')).replace(/\n/g, '\\n');
}

/** The graph that produced `t` as Graphviz DOT; edges point the way gradients flow (output to inputs). */
export function toDot(t: Tensor): string {
  const lines = ['digraph chainrule {', '  rankdir=TB;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  lines.push(`  out [shape=box, style=filled, fillcolor="#dddddd", label=${quoteLines([`${t.name ?? 'output'} ${fmtShape(t.shape)}`, gradNormLabel(t.grad)])}];`);
  if (t.requiresGrad) {
    const root = t.gradEdge();
    const ids = numberNodes(root);
    const shapes = outputShapes(t, ids);
    lines.push(`  out -> n${ids.get(root)};`);
    for (const [node, id] of ids) {
      if (node instanceof AccumulateGrad) {
        const label = [leafLabel(node), gradNormLabel(node.variable.grad)];
        lines.push(`  n${id} [shape=ellipse, style=filled, fillcolor="#cfe8ff", label=${quoteLines(label)}];`);
      } else {
        const shape = shapes.get(node);
        const label = [node.name, node.vjp.name || 'anonymous', savedLabel(node), shape ? `out ${fmtShape(shape)}` : '', gradNormLabel(node.retainedOutput?.grad ?? null)];
        lines.push(`  n${id} [shape=box, label=${quoteLines(label)}];`);
      }
      node.inputs.forEach((next, i) => {
        if (next) lines.push(`  n${id} -> n${ids.get(next)} [label="${i}"];`);
      });
    }
  }
  lines.push('}');
  return lines.join('\n');
}
