/**
 * One SGD step of a tiny MLP (4 → 16 tanh → 3, softmax cross-entropy written from primitives),
 * shared verbatim by the browser page and by Node so both run the same code on the same numbers.
 * Plain ESM JavaScript: the page imports it as it is.
 *
 * @param {typeof import('../../../dist/index.js')} cr the chainrule package
 * @param {typeof import('../../../dist/optim/index.js')} optim chainrule/optim
 * @param {{ x: number[], labels: number[], w1: number[], b1: number[], w2: number[], b2: number[] }} data
 * @returns {{ backend: string, kernelBackends: string[], loss: number, params: number[][] }}
 */
export function mlpStep(cr, optim, data) {
  const w1 = cr.tensor(data.w1).reshape([4, 16]).requiresGrad_();
  const b1 = cr.tensor(data.b1).requiresGrad_();
  const w2 = cr.tensor(data.w2).reshape([16, 3]).requiresGrad_();
  const b2 = cr.tensor(data.b2).requiresGrad_();
  const x = cr.tensor(data.x).reshape([data.labels.length, 4]);
  const onehot = cr.tensor(data.labels.flatMap((l) => [0, 1, 2].map((k) => (k === l ? 1 : 0)))).reshape([data.labels.length, 3]);
  const opt = new optim.SGD([w1, b1, w2, b2], { lr: 0.5 });
  const traced = cr.traceKernels(() => {
    const hidden = cr.matmul(x, w1).add(b1).tanh();
    const logits = cr.matmul(hidden, w2).add(b2);
    // cross-entropy: logsumexp(logits) − logits[label], averaged
    const lse = logits.exp().sum(1).log();
    const loss = lse.sub(logits.mul(onehot).sum(1)).mean();
    opt.zeroGrad();
    loss.backward();
    opt.step();
    return loss.item();
  });
  return {
    backend: cr.getBackend(),
    kernelBackends: [...new Set(traced.calls.map((c) => `${c.backend}:${c.kernel}`))].sort(),
    loss: traced.result,
    params: [w1, b1, w2, b2].map((p) => Array.from(p.toTypedArray())),
  };
}
