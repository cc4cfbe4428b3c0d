/**
 * The benchmark cases, written once per library. Each library's `prepare()` builds its inputs
 * (outside the timing) and returns:
 *   run()            the timed work; returns the raw results,
 *   summarize(out)   a few numbers from run()'s results, compared across libraries before timing
 *                    so every library is known to compute the same thing.
 * Inputs come from a seeded generator, identical for every library.
 */
import { uniform } from './common.mjs';

export const LIBRARIES = ['chainrule', 'tfjs', 'js-pytorch'];

/**
 * chainrule's engine-overhead chain: y ← sqrt(y·w + b), `steps` times from a one-element x, then
 * backward (3 · steps ops each way); `run` returns [y, w.grad, b.grad]. Also timed alone by
 * bench/per-op.mjs.
 */
export function perOpChain(cr, steps = 667) {
  const x = cr.tensor(0.5, { requiresGrad: true });
  const w = cr.tensor(0.5, { requiresGrad: true });
  const b = cr.tensor(1, { requiresGrad: true });
  return {
    ops: 3 * steps,
    run() {
      x.grad = null;
      w.grad = null;
      b.grad = null;
      let y = x;
      for (let i = 0; i < steps; i++) y = y.mul(w).add(b).sqrt();
      y.backward();
      return [y, w.grad, b.grad];
    },
  };
}

/** A Float32Array as nested rows (js-pytorch stores tensors as nested JS arrays). */
function toRows(data, n) {
  const rows = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(data.subarray(i * n, (i + 1) * n)));
  return rows;
}

/**
 * @param libs {{ cr: typeof import('../dist/index.js'), tf: any, torch: any }}
 * @param config {{ chainSteps: number, matmulN: number }}
 */
export function makeCases({ cr, tf, torch }, { chainSteps, matmulN: n }) {
  const dataA = uniform(n * n, 1);
  const dataB = uniform(n * n, 2);
  const last = n * n - 1;

  // y ← sqrt(y·w + b), chainSteps times, from y = x: 3 ops per step on one-element tensors.
  // w and b are shared by every step, so their gradients accumulate from chainSteps uses.
  // (mul/add/sqrt because js-pytorch has no tanh; the fixed point y ≈ 1.28 keeps values tame.)
  const chain = {
    id: 'chain',
    title: `engine overhead: ${3 * chainSteps} chained mul/add/sqrt on 1-element tensors, fwd+bwd`,
    opsPerIteration: 3 * chainSteps,
    libraries: {
      chainrule() {
        return { run: perOpChain(cr, chainSteps).run, summarize: (ts) => ts.map((t) => t.item()) };
      },
      tfjs() {
        const x = tf.scalar(0.5);
        const w = tf.scalar(0.5);
        const b = tf.scalar(1);
        const valueAndGrads = tf.valueAndGrads((x0, w0, b0) => {
          let y = x0;
          for (let i = 0; i < chainSteps; i++) y = tf.sqrt(tf.add(tf.mul(y, w0), b0));
          return y;
        });
        return {
          // tidy disposes every intermediate; dataSync() makes the numbers available in JS.
          run: () =>
            tf.tidy(() => {
              const { value, grads } = valueAndGrads([x, w, b]);
              return [value.dataSync()[0], grads[1].dataSync()[0], grads[2].dataSync()[0]];
            }),
          summarize: (values) => values,
        };
      },
      'js-pytorch'() {
        const x = torch.tensor([0.5], true);
        const w = torch.tensor([0.5], true);
        const b = torch.tensor([1], true);
        return {
          run() {
            x.zero_grad();
            w.zero_grad();
            b.zero_grad();
            let y = x;
            for (let i = 0; i < chainSteps; i++) y = y.mul(w).add(b).sqrt();
            y.backward();
            return [y.data, w.grad, b.grad];
          },
          summarize: (arrays) => arrays.map((a) => a[0]),
        };
      },
    },
  };

  const matmulForward = {
    id: 'matmul',
    title: `${n}×${n} float32 matmul, forward only`,
    libraries: {
      chainrule() {
        const a = cr.tensor(dataA).reshape([n, n]);
        const b = cr.tensor(dataB).reshape([n, n]);
        return {
          run: () => a.matmul(b),
          summarize: (out) => {
            const v = out.toTypedArray();
            return [v[0], v[1], v[last]];
          },
        };
      },
      tfjs() {
        const a = tf.tensor2d(dataA, [n, n]);
        const b = tf.tensor2d(dataB, [n, n]);
        return {
          run: () => tf.tidy(() => tf.matMul(a, b).dataSync()),
          summarize: (v) => [v[0], v[1], v[last]],
        };
      },
      'js-pytorch'() {
        const a = torch.tensor(toRows(dataA, n));
        const b = torch.tensor(toRows(dataB, n));
        return {
          run: () => a.matmul(b),
          summarize: (out) => [out.data[0][0], out.data[0][1], out.data[n - 1][n - 1]],
        };
      },
    },
  };

  // sum(A@B): dA = 1·Bᵀ, dB = Aᵀ·1, i.e. two more n×n matmuls' worth of work in backward.
  const matmulBackward = {
    id: 'matmul-grad',
    title: `${n}×${n} float32 matmul, forward + backward of sum(A@B) w.r.t. A and B`,
    libraries: {
      chainrule() {
        const a = cr.tensor(dataA).reshape([n, n]).requiresGrad_();
        const b = cr.tensor(dataB).reshape([n, n]).requiresGrad_();
        return {
          run() {
            a.grad = null;
            b.grad = null;
            a.matmul(b).sum().backward();
            return [a.grad, b.grad];
          },
          summarize: ([ga, gb]) => {
            const va = ga.toTypedArray();
            const vb = gb.toTypedArray();
            return [va[0], va[last], vb[0], vb[last]];
          },
        };
      },
      tfjs() {
        const a = tf.tensor2d(dataA, [n, n]);
        const b = tf.tensor2d(dataB, [n, n]);
        const grads = tf.grads((a0, b0) => tf.sum(tf.matMul(a0, b0)));
        return {
          run: () => tf.tidy(() => grads([a, b]).map((g) => g.dataSync())),
          summarize: ([va, vb]) => [va[0], va[last], vb[0], vb[last]],
        };
      },
      'js-pytorch'() {
        const a = torch.tensor(toRows(dataA, n), true);
        const b = torch.tensor(toRows(dataB, n), true);
        return {
          run() {
            a.zero_grad();
            b.zero_grad();
            // js-pytorch's sum() reduces the last dim only: two sums make the scalar.
            a.matmul(b).sum().sum().backward();
            return [a.grad, b.grad];
          },
          summarize: ([ga, gb]) => [ga[0][0], ga[n - 1][n - 1], gb[0][0], gb[n - 1][n - 1]],
        };
      },
    },
  };

  return [chain, matmulForward, matmulBackward];
}
