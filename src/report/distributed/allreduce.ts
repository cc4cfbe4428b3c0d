/**
 * A message-counting simulation of gradient all-reduce among n workers: every message is a real
 * tensor slice moved between simulated workers, and the result on every worker can be compared
 * with the plain sum. Strategies: all-to-all, parameter server, ring (reduce-scatter + all-gather).
 * @module
 */
import { ValueError, cat, noGrad, type Tensor } from 'chainrule';

/** How gradients are combined. */
export type AllReduceStrategy = 'all-to-all' | 'parameter-server' | 'ring';

/** One message: who sent what to whom (its size is the number of elements). */
export interface Message {
  from: string;
  to: string;
  size: number;
}

/** What a simulated all-reduce did. */
export interface AllReduceResult {
  /** The reduced gradient each worker ends with. */
  results: Tensor[];
  /** Every message sent, in order. */
  messages: Message[];
}

/** Reduces the workers' 1-D gradients (all of one length) with `strategy`, recording every message. */
export function simulateAllReduce(gradients: readonly Tensor[], strategy: AllReduceStrategy): AllReduceResult {
  const n = gradients.length;
  if (n < 1) throw new ValueError('simulateAllReduce', 'needs at least one worker');
  const p = gradients[0]!.numel();
  gradients.forEach((g, i) => {
    if (g.ndim !== 1 || g.numel() !== p) throw new ValueError('simulateAllReduce', `worker ${i}'s gradient has shape [${g.shape.join(',')}], expected [${p}]`);
  });
  return noGrad(() => {
    if (strategy === 'all-to-all') return allToAll(gradients);
    if (strategy === 'parameter-server') return parameterServer(gradients);
    if (strategy === 'ring') return ring(gradients);
    throw new ValueError('simulateAllReduce', `unknown strategy ${JSON.stringify(strategy)}`);
  });
}

const worker = (i: number): string => `worker${i}`;

/** Every worker sends its whole gradient to every other worker, then sums what it holds. */
function allToAll(grads: readonly Tensor[]): AllReduceResult {
  const messages: Message[] = [];
  const results = grads.map((own, i) => {
    let sum = own;
    grads.forEach((other, j) => {
      if (j === i) return;
      messages.push({ from: worker(j), to: worker(i), size: other.numel() });
      sum = sum.add(other);
    });
    return sum;
  });
  return { results, messages };
}

/** Workers push to a server, which sums and sends the total back to each. */
function parameterServer(grads: readonly Tensor[]): AllReduceResult {
  const messages: Message[] = [];
  let total: Tensor | null = null;
  grads.forEach((g, i) => {
    messages.push({ from: worker(i), to: 'server', size: g.numel() });
    total = total === null ? g : total.add(g);
  });
  const results = grads.map((_, i) => {
    messages.push({ from: 'server', to: worker(i), size: total!.numel() });
    return total!.clone();
  });
  return { results, messages };
}

/**
 * Ring all-reduce: each gradient is cut into n chunks; in n − 1 reduce-scatter steps every worker
 * passes one partial chunk to its right neighbour, which adds its own; in n − 1 all-gather steps
 * the finished chunks travel round the ring.
 */
function ring(grads: readonly Tensor[]): AllReduceResult {
  const n = grads.length;
  const p = grads[0]!.numel();
  const messages: Message[] = [];
  const sizes = Array.from({ length: n }, (_, c) => Math.floor(p / n) + (c < p % n ? 1 : 0));
  const chunks: Tensor[][] = grads.map((g) => g.split(sizes));
  const send = (from: number, c: number): void => {
    const to = (from + 1) % n;
    messages.push({ from: worker(from), to: worker(to), size: chunks[from]![c]!.numel() });
  };
  for (let step = 0; step < n - 1; step++) {
    // worker i sends chunk (i − step) mod n; the receiver adds it to its own copy
    const outgoing = Array.from({ length: n }, (_, i) => {
      const c = (((i - step) % n) + n) % n;
      send(i, c);
      return [c, chunks[i]![c]!] as const;
    });
    outgoing.forEach(([c, data], i) => {
      const to = (i + 1) % n;
      chunks[to]![c] = chunks[to]![c]!.add(data);
    });
  }
  for (let step = 0; step < n - 1; step++) {
    // worker i now owns the full sum of chunk (i + 1 − step) mod n and forwards it
    const outgoing = Array.from({ length: n }, (_, i) => {
      const c = (((i + 1 - step) % n) + n) % n;
      send(i, c);
      return [c, chunks[i]![c]!] as const;
    });
    outgoing.forEach(([c, data], i) => {
      chunks[(i + 1) % n]![c] = data;
    });
  }
  return { results: chunks.map((parts) => cat(parts)), messages };
}
