/**
 * How much memory a graph holds for its backward pass: the tensors its nodes saved.
 * @module
 */
import { checkTensor } from '../checks/index.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TypedArray } from '../dtype.js';
import { reachableNodes } from './reachable.js';

/** What {@link graphMemory} reports. */
export interface GraphMemory {
  /** Bytes of the distinct storages saved by the reachable nodes (each storage counted once). */
  bytes: number;
  /** How many distinct storages that is. */
  storages: number;
  /** How many nodes are reachable (AccumulateGrad nodes of leaves included). */
  nodes: number;
  /**
   * Bytes per op name (`MatmulBackward`). A storage saved by several nodes is charged to the one
   * created first, so the values add up to `bytes`.
   */
  byOp: Map<string, number>;
}

/**
 * Bytes held by the graph behind `root` for the backward pass: the sum of the distinct storages
 * of the tensors saved by every node reachable from it (Node.savedForInspection; a view counts its
 * whole storage; storages shared by several saves count once). Parameters that an op saved are
 * included; nodes already freed by a backward pass hold nothing. A tensor without a graph gives 0.
 *
 * ```ts
 * const loss = mlp(x).square().mean();
 * graphMemory(loss).bytes; // grows linearly with the batch size
 * ```
 */
export function graphMemory(root: Tensor | readonly Tensor[]): GraphMemory {
  const roots = Array.isArray(root) ? (root as readonly Tensor[]) : [root as Tensor];
  roots.forEach((t, i) => checkTensor('graphMemory', Array.isArray(root) ? `root[${i}]` : 'root', t));
  const nodes = reachableNodes(roots.flatMap((t) => (t.gradFn === null ? [] : [t.gradFn])));
  nodes.sort((a, b) => a.sequenceNr - b.sequenceNr);
  const seen = new Set<TypedArray>();
  const byOp = new Map<string, number>();
  let bytes = 0;
  for (const node of nodes) {
    for (const t of node.savedForInspection ?? []) {
      if (t === null || seen.has(t.storage)) continue;
      seen.add(t.storage);
      bytes += t.storage.byteLength;
      byOp.set(node.name, (byOp.get(node.name) ?? 0) + t.storage.byteLength);
    }
  }
  return { bytes, storages: seen.size, nodes: nodes.length, byOp };
}
