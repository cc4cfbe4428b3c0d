/**
 * Kernel cases of the WASM issue, for bench/training.mjs (same harness, same process):
 *   tanh   y = tanh(x) over 2^20 float32
 *   fma    y = x·y + x over 2^20 float32 (two ops: mul, then add)
 *   matmul C = op(A)·op(B), n×n float32, op ∈ {identity, transpose} (NN, NT, TN, TT)
 * chainrule through its public API (a transposed operand is `.transpose(0, 1)`, a strided view;
 * inputs need no gradient, so nothing is recorded); tfjs through tf.tanh / tf.mul+tf.add /
 * tf.matMul(a, b, transposeA, transposeB), each result disposed. tfjs-wasm results stay in the wasm
 * heap (as they would between ops of a model), whereas chainrule's wasm backend copies its operands
 * into linear memory and the result out on every call: that copy is part of chainrule's time.
 *
 * Also the SIMD128 peak: the probe kernel of chainrule's wasm module (the one bench/wasm-matmul.mjs
 * uses: twelve independent f32x4 mul-then-add chains, 96 flops per iteration), best of several runs.
 */
import { wasmKernels } from '../dist/backend/wasm/module.js';
import { uniform } from './common.mjs';
import { use } from './tfjs-wasm.mjs';

/** Best-of-`runs` GFLOPS of the SIMD mul+add probe (the same measurement as bench/wasm-matmul.mjs). */
export function peakGflops(runs = 7, iterations = 20_000_000) {
  const k = wasmKernels();
  if (!k) throw new Error('chainrule: wasm kernels unavailable');
  k.peakProbe(100_000);
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    k.peakProbe(iterations);
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  return (iterations * 96) / best / 1e9;
}

const ELEMENTWISE_N = 2 ** 20;

function elementwiseCase({ cr, tf, activateChainrule }, id, title, crOp, tfOp, n = ELEMENTWISE_N) {
  const xd = uniform(n, 41, -3, 3);
  const yd = uniform(n, 42, -3, 3);
  const chainrule = (backend) => () => {
    activateChainrule(backend);
    const x = cr.tensor(xd);
    const y = cr.tensor(yd);
    return { activate: () => activateChainrule(backend), run: () => crOp(x, y), check: () => ({ out: crOp(x, y).toTypedArray() }) };
  };
  const tfjs = (backend) => () => {
    use(tf, backend);
    const x = tf.tensor1d(xd);
    const y = tf.tensor1d(yd);
    return {
      activate: () => use(tf, backend),
      run: () => tf.tidy(() => void tfOp(x, y)),
      check: () => tf.tidy(() => ({ out: tfOp(x, y).dataSync() })),
      numTensors: () => tf.memory().numTensors,
    };
  };
  return {
    id,
    group: 'kernel',
    title: `${title} over 2^${Math.log2(n)} float32`,
    elements: n,
    tolerance: { out: 2e-6 },
    libraries: { 'chainrule-wasm': chainrule('wasm'), 'tfjs-wasm': tfjs('wasm'), 'chainrule-ref': chainrule('ref'), 'tfjs-cpu': tfjs('cpu') },
  };
}

export function tanhCase(libs, n) {
  return elementwiseCase(libs, 'tanh', 'tanh(x)', (x) => x.tanh(), (x) => libs.tf.tanh(x), n);
}

export function fmaCase(libs, n) {
  return elementwiseCase(libs, 'fma', 'x*y + x', (x, y) => x.mul(y).add(x), (x, y) => libs.tf.add(libs.tf.mul(x, y), x), n);
}

export const COMBOS = ['NN', 'NT', 'TN', 'TT'];

/**
 * One case per (n, transpose combination). tfjs-cpu only up to `tfjsCpuMaxN` (its 256² matmul
 * already takes ~50 ms here; n = 1024 would be seconds per call).
 */
export function matmulCases({ cr, tf, activateChainrule }, sizes, { tfjsCpuMaxN = 512 } = {}) {
  const cases = [];
  for (const n of sizes) {
    const ad = uniform(n * n, 51 + n, -0.5, 0.5);
    const bd = uniform(n * n, 52 + n, -0.5, 0.5);
    for (const combo of COMBOS) {
      const [tA, tB] = [combo[0] === 'T', combo[1] === 'T'];
      const chainrule = () => {
        activateChainrule('wasm');
        // A transposed operand: the stored matrix is op(A)ᵀ, viewed transposed (no copy).
        const a = tA ? cr.tensor(ad).reshape([n, n]).transpose(0, 1) : cr.tensor(ad).reshape([n, n]);
        const b = tB ? cr.tensor(bd).reshape([n, n]).transpose(0, 1) : cr.tensor(bd).reshape([n, n]);
        return { activate: () => activateChainrule('wasm'), run: () => a.matmul(b), check: () => ({ out: a.matmul(b).contiguous().toTypedArray() }) };
      };
      const tfjs = (backend) => () => {
        if (backend === 'cpu' && n > tfjsCpuMaxN) return { unsupported: `skipped: n > ${tfjsCpuMaxN} (--tfjs-cpu-max-n), seconds per call` };
        use(tf, backend);
        // The same logical operands: tf.matMul(a, b, true, false) computes aᵀ·b from the stored a.
        const a = tf.tensor2d(ad, [n, n]);
        const b = tf.tensor2d(bd, [n, n]);
        return {
          activate: () => use(tf, backend),
          run: () => tf.matMul(a, b, tA, tB).dispose(),
          check: () => tf.tidy(() => ({ out: tf.matMul(a, b, tA, tB).dataSync() })),
          numTensors: () => tf.memory().numTensors,
        };
      };
      cases.push({
        id: `matmul-${n}-${combo}`,
        group: 'matmul',
        n,
        combo,
        title: `matmul ${n}×${n} ${combo}`,
        flops: 2 * n ** 3,
        tolerance: { out: 1e-4 },
        libraries: { 'chainrule-wasm': chainrule, 'tfjs-wasm': tfjs('wasm'), 'tfjs-cpu': tfjs('cpu') },
      });
    }
  }
  return cases;
}
