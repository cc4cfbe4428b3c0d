// @ts-check
/**
 * Draws docs/figures/graph-example.svg for docs/debugging.md: the graph of the doc's script after
 * backward, through toSvg (Graphviz compiled to WebAssembly, the optional peer @viz-js/viz).
 * Run: node src/report/run-built.mjs docs/examples/lib/graph-figure.mjs [output.svg]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tensor, toSvg } from 'chainrule';

const out = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '../../figures/graph-example.svg');

const w = tensor([[0.5, -1.0], [2.0, 0.25]], { requiresGrad: true });
w.name = 'w';
const x = tensor([1.0, 2.0]);
const h = w.matmul(x).tanh();
h.retainGrad(); // an intermediate's gradient norm shows too
const loss = h.mul(h).sum();
loss.name = 'loss';
loss.backward();

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${await toSvg(loss)}\n`);
process.stdout.write(`wrote ${out}\n`);
