/**
 * Walking the graph: every node reachable from some start nodes through their inputs, found
 * iteratively (a 100,000-node chain is fine).
 * @module
 */
import type { Node } from './node.js';

/** Every node reachable from `starts` through node inputs, starts included, each once. */
export function reachableNodes(starts: readonly Node[]): Node[] {
  const seen = new Set<Node>(starts);
  const stack = [...seen];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const next of node.inputs) {
      if (next !== null && !seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return [...seen];
}
