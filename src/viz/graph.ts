/**
 * Looking at the graph behind a tensor: `printGraph` as an indented text tree, `toDot` as
 * Graphviz source (`dot -Tsvg`). Both list each node's op, VJP function, input shapes and saved
 * tensors; leaves show their `name` when you set one.
 * @module
 */
import { checkTensor } from '../checks/index.js';
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
  checkTensor('printGraph', 'tensor', t);
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

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The graph that produced `t` as Graphviz DOT; edges point the way gradients flow (output to inputs). */
export function toDot(t: Tensor): string {
  checkTensor('toDot', 'tensor', t);
  const lines = ['digraph chainrule {', '  rankdir=TB;', '  node [fontname="Helvetica", fontsize=10];'];
  lines.push(`  out [shape=box, style=filled, fillcolor="#dddddd", label=${quote(`${t.name ?? 'output'} ${fmtShape(t.shape)}`)}];`);
  if (t.requiresGrad) {
    const root = t.gradEdge();
    const ids = numberNodes(root);
    lines.push(`  out -> n${ids.get(root)};`);
    for (const [node, id] of ids) {
      if (node instanceof AccumulateGrad) {
        lines.push(`  n${id} [shape=ellipse, style=filled, fillcolor="#cfe8ff", label=${quote(leafLabel(node))}];`);
      } else {
        const saved = savedLabel(node);
        const label = `${node.name}\\n${node.vjp.name || 'anonymous'}${saved ? `\\n${saved}` : ''}`;
        lines.push(`  n${id} [shape=box, label="${label.replace(/"/g, '\\"')}"];`);
      }
      node.inputs.forEach((next, i) => {
        if (next) lines.push(`  n${id} -> n${ids.get(next)} [label="${i}"];`);
      });
    }
  }
  lines.push('}');
  return lines.join('\n');
}
