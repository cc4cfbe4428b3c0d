/**
 * Demo: a three-step scalar linear RNN h_t = w·(u_t + h_{t−1}), y = h_3, differentiated by
 * chainrule. Prints y, dy/dw, and the gradient at every intermediate node (via retainGrad), next
 * to the hand-derived values, then the graph.
 * @module
 */
import { printGraph, tensor, type Tensor } from 'chainrule';

const w = tensor(0.5, { dtype: 'float64', requiresGrad: true });
w.name = 'w';
const [u1, u2, u3] = [1.5, -2, 3].map((v) => tensor(v, { dtype: 'float64' })) as [Tensor, Tensor, Tensor];

// The graph of the homework: p = u₁, q = w·p, r = u₂ + q, s = w·r, t = s + u₃, y = w·t.
const p = u1;
const q = w.mul(p).retainGrad();
const r = u2.add(q).retainGrad();
const s = w.mul(r).retainGrad();
const t = s.add(u3).retainGrad();
const y = w.mul(t).retainGrad();
y.backward();

const W = w.item();
const [U1, U2, U3] = [u1, u2, u3].map((v) => v.item()) as [number, number, number];
const rows: [string, number, number][] = [
  ['y', y.item(), W ** 3 * U1 + W ** 2 * U2 + W * U3],
  ['dy/dw', w.grad!.item(), 3 * W ** 2 * U1 + 2 * W * U2 + U3],
  ['dy/dt', t.grad!.item(), W],
  ['dy/ds', s.grad!.item(), W],
  ['dy/dr', r.grad!.item(), W ** 2],
  ['dy/dq', q.grad!.item(), W ** 2],
];
console.log(`scalar RNN, w = ${W}, u = [${U1}, ${U2}, ${U3}]`);
console.log('quantity   chainrule     by hand');
for (const [label, computed, byHand] of rows) {
  console.log(`${label.padEnd(9)} ${computed.toFixed(6).padStart(10)} ${byHand.toFixed(6).padStart(11)}`);
}
console.log('\nthe graph behind y:');
console.log(printGraph(y));
