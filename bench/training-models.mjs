/**
 * The three training workloads of the WASM issue, written once per library, on identical seeded
 * parameters and data (PyTorch layout is the source of truth; other layouts are converted when the
 * parameters are loaded, and gradients are converted back for the cross-check).
 *
 * A library entry is a factory `() => instance | { unsupported: reason }`; an instance has
 *   step()   one training step: forward, loss, backward, SGD update (lr 0.01); returns the loss as a number,
 *   check()  { loss, grad }: the loss and one parameter's gradient (PyTorch layout, Float32Array)
 *            at the initial parameters, without updating them; called once before timing.
 * Every factory first makes its library's backend current (`activate`), and the harness calls
 * `activate` again before timing it, so tensors never change backend during a measurement.
 *
 * Models:
 *   mlp   784-256-256-10, ReLU, cross-entropy, batch 64
 *   cnn   1×28×28, batch 32: conv3×3(1→16, pad 1)+ReLU+maxpool2, conv3×3(16→32, pad 1)+ReLU+maxpool2,
 *         linear(32·7·7→10), cross-entropy
 *   lstm  seq 32, batch 16, input 32, hidden 128, loss = mean(h_T²)
 */
import { use } from './tfjs-wasm.mjs';
import { uniform } from './common.mjs';

export const LR = 0.01;

/** PyTorch's default init range for a layer with fanIn inputs: U(−1/√fanIn, 1/√fanIn). */
const init = (length, fanIn, seed) => uniform(length, seed, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));

function labels(n, classes, seed) {
  return Int32Array.from(uniform(n, seed, 0, 1), (u) => Math.min(classes - 1, Math.floor(u * classes)));
}

function oneHot(target, classes) {
  const out = new Float32Array(target.length * classes);
  target.forEach((c, i) => (out[i * classes + c] = 1));
  return out;
}

/** Row-major [rows, cols] → [cols, rows]. */
export function transpose2d(data, rows, cols) {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

/** Permutes a row-major array of `shape` by `perm` (out.shape[i] = shape[perm[i]]). */
export function permute(data, shape, perm) {
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(data.length);
  const idx = new Array(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let src = 0;
    for (let i = 0; i < idx.length; i++) src += idx[i] * strides[perm[i]];
    out[o] = data[src];
    for (let i = idx.length - 1; i >= 0; i--) {
      if (++idx[i] < outShape[i]) break;
      idx[i] = 0;
    }
  }
  return out;
}

const nestedRows = (data, rows, cols) => Array.from({ length: rows }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
const flatten = (nested) => Float32Array.from(nested.flat(Infinity));

// ------------------------------------------------------------------ shared pieces per library

/** chainrule: copy PyTorch-layout data into a module's parameters by name. */
function loadChainrule(cr, module, params) {
  const byName = new Map(module.namedParameters());
  cr.noGrad(() => {
    for (const [name, data] of Object.entries(params)) {
      const p = byName.get(name);
      if (!p) throw new Error(`chainrule: no parameter ${name}`);
      p.copy_(cr.tensor(data).reshape(p.shape));
    }
  });
  if (byName.size !== Object.keys(params).length) throw new Error(`chainrule: parameters ${[...byName.keys()]} vs data for ${Object.keys(params)}`);
}

/** chainrule's training step: what a PyTorch user writes. */
function chainruleTrainer(cr, optim, model, lossOf, gradParam) {
  const opt = new optim.SGD(model.parameters(), { lr: LR });
  return {
    step() {
      opt.zeroGrad();
      const loss = lossOf();
      loss.backward();
      opt.step();
      return loss.item();
    },
    check() {
      model.zeroGrad();
      const loss = lossOf();
      loss.backward();
      const out = { loss: loss.item(), grad: Float32Array.from(gradParam().grad.toTypedArray()) };
      model.zeroGrad();
      return out;
    },
  };
}

/**
 * tfjs's training step: variables and `optimizer.minimize` (forward, tf.variableGrads, SGD update),
 * inside tf.tidy, the loss read with dataSync. check() uses tf.variableGrads on the same function.
 */
function tfjsTrainer(tf, backend, variables, lossFn, gradOf) {
  const opt = tf.train.sgd(LR);
  const varList = Object.values(variables);
  return {
    step() {
      return tf.tidy(() => opt.minimize(lossFn, true, varList).dataSync()[0]);
    },
    check() {
      return tf.tidy(() => {
        const { value, grads } = tf.variableGrads(lossFn, varList);
        return { loss: value.dataSync()[0], grad: gradOf(grads) };
      });
    },
    numTensors: () => tf.memory().numTensors,
    backend,
  };
}

let variableCounter = 0;
function tfVariables(tf, arrays) {
  const id = variableCounter++;
  return Object.fromEntries(Object.entries(arrays).map(([name, [data, shape]]) => [name, tf.variable(tf.tensor(data, shape), true, `${name}_${id}`)]));
}
const gradData = (grads, v) => grads[v.name].dataSync();

/** js-pytorch: SGD by hand (it ships Adam only), the way its Adam writes parameters: p._data = (p − lr·g)._data. */
function jsPytorchTrainer(params, lossOf, gradOf) {
  return {
    step() {
      for (const p of params) p.zero_grad();
      const loss = lossOf();
      loss.backward();
      for (const p of params) p._data = p.sub(p._grad.mul(LR))._data;
      return loss.data[0];
    },
    check() {
      for (const p of params) p.zero_grad();
      const loss = lossOf();
      loss.backward();
      const out = { loss: loss.data[0], grad: gradOf() };
      for (const p of params) p.zero_grad();
      return out;
    },
  };
}

/** js-pytorch's nn.ReLU multiplies by a mask of 1 and 1e-3 (a leaky ReLU); this is the same construction with 0, i.e. ReLU. */
function jsRelu(torch, z) {
  const mask = (a) => (typeof a[0] === 'number' ? a.map((v) => (v > 0 ? 1 : 0)) : a.map(mask));
  return z.mul(torch.tensor(mask(z.data)));
}

// ------------------------------------------------------------------ MLP

export function mlpCase({ cr, nn, F, optim, tf, torch, activateChainrule }, { batch = 64 } = {}) {
  const sizes = [784, 256, 256, 10];
  const x = uniform(batch * 784, 11, 0, 1);
  const target = labels(batch, 10, 12);
  const P = {};
  for (let l = 0; l < 3; l++) {
    P[`${2 * l}.weight`] = init(sizes[l + 1] * sizes[l], sizes[l], 100 + l);
    P[`${2 * l}.bias`] = init(sizes[l + 1], sizes[l], 200 + l);
  }
  const chainrule = (backend) => () => {
    activateChainrule(backend);
    const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 256), new nn.ReLU(), new nn.Linear(256, 10));
    loadChainrule(cr, model, P);
    const xs = cr.tensor(x).reshape([batch, 784]);
    const ys = cr.tensor(target);
    return { activate: () => activateChainrule(backend), ...chainruleTrainer(cr, optim, model, () => F.crossEntropy(model.forward(xs), ys), () => model.namedParameters().find(([n]) => n === '0.weight')[1]) };
  };
  const tfjs = (backend) => () => {
    use(tf, backend);
    const v = tfVariables(tf, {
      w0: [transpose2d(P['0.weight'], 256, 784), [784, 256]],
      b0: [P['0.bias'], [256]],
      w1: [transpose2d(P['2.weight'], 256, 256), [256, 256]],
      b1: [P['2.bias'], [256]],
      w2: [transpose2d(P['4.weight'], 10, 256), [256, 10]],
      b2: [P['4.bias'], [10]],
    });
    const xs = tf.tensor2d(x, [batch, 784]);
    const ys = tf.tensor2d(oneHot(target, 10), [batch, 10]);
    const lossFn = () => {
      const h1 = tf.relu(tf.add(tf.matMul(xs, v.w0), v.b0));
      const h2 = tf.relu(tf.add(tf.matMul(h1, v.w1), v.b1));
      return tf.losses.softmaxCrossEntropy(ys, tf.add(tf.matMul(h2, v.w2), v.b2));
    };
    return { activate: () => use(tf, backend), ...tfjsTrainer(tf, backend, v, lossFn, (g) => transpose2d(gradData(g, v.w0), 784, 256)) };
  };
  const jsPytorch = () => {
    const layers = [0, 1, 2].map((l) => {
      const lin = new torch.nn.Linear(sizes[l], sizes[l + 1]);
      lin.W._data = nestedRows(transpose2d(P[`${2 * l}.weight`], sizes[l + 1], sizes[l]), sizes[l], sizes[l + 1]);
      lin.b._data = Array.from(P[`${2 * l}.bias`]);
      return lin;
    });
    const params = layers.flatMap((l) => [l.W, l.b]);
    const xs = torch.tensor(nestedRows(x, batch, 784));
    const ys = torch.tensor(Array.from(target));
    const ce = new torch.nn.CrossEntropyLoss();
    const lossOf = () => {
      const h1 = jsRelu(torch, layers[0].forward(xs));
      const h2 = jsRelu(torch, layers[1].forward(h1));
      return ce.forward(layers[2].forward(h2), ys);
    };
    return { activate() {}, ...jsPytorchTrainer(params, lossOf, () => transpose2d(flatten(layers[0].W.grad), 784, 256)) };
  };
  return {
    id: 'mlp',
    title: `MLP 784-256-256-10 ReLU + cross-entropy, batch ${batch}: forward + backward + SGD step`,
    gradName: '0.weight (first layer)',
    flops: 6 * batch * (784 * 256 + 256 * 256 + 256 * 10),
    libraries: {
      'chainrule-wasm': chainrule('wasm'),
      'chainrule-ref': chainrule('ref'),
      'tfjs-wasm': tfjs('wasm'),
      'tfjs-cpu': tfjs('cpu'),
      'js-pytorch': jsPytorch,
    },
  };
}

// ------------------------------------------------------------------ CNN

/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter kernel, so tf.conv2d's registered gradient
 * fails on it. `convWithFilterGrad` is conv2d ('same', stride 1) with its gradient given through
 * tf.customGrad, built from ops the wasm backend has:
 *   dx = conv2dTranspose(dy, w)       (Conv2DBackpropInput: what tfjs's own conv2d gradient does)
 *   dW, 'im2col':  pad x, take the kh·kw shifted [N, H, W, C] windows with slice, concat them on the
 *                  channel axis → cols [N·H·W, kh·kw·C] (order kh, kw, C: the filter's own layout),
 *                  dW = colsᵀ · dy[N·H·W, Cout] with matMul(transposeA), reshaped to [kh, kw, C, Cout];
 *   dW, 'conv':    the correlation of x with dy as a conv2d: batch and channel axes swapped,
 *                  conv2d(xᵀ [C, H, W, N], dyᵀ [H, W, N, Cout], pad) = [C, kh, kw, Cout] → [kh, kw, C, Cout].
 * `inputNeedsGrad` false (the first layer, whose input is the data) captures x instead of passing it,
 * so no unused dx is computed, as tfjs's registered gradient would not compute it either.
 */
export function convWithFilterGrad(tf, method) {
  const pad1 = (t) => tf.pad(t, [[0, 0], [1, 1], [1, 1], [0, 0]]);
  function filterGrad(x, dy, w) {
    const [kh, kw, cin, cout] = w.shape;
    const [n, h, wd] = x.shape;
    if (method === 'conv') {
      const xT = tf.transpose(x, [3, 1, 2, 0]);
      const dyT = tf.transpose(dy, [1, 2, 0, 3]);
      return tf.transpose(tf.conv2d(xT, dyT, 1, (kh - 1) / 2), [1, 2, 0, 3]);
    }
    const xp = pad1(x);
    const windows = [];
    for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) windows.push(tf.slice(xp, [0, i, j, 0], [n, h, wd, cin]));
    const cols = tf.reshape(tf.concat(windows, 3), [n * h * wd, kh * kw * cin]);
    return tf.reshape(tf.matMul(cols, tf.reshape(dy, [n * h * wd, cout]), true, false), [kh, kw, cin, cout]);
  }
  const withInputGrad = tf.customGrad((x, w, save) => {
    save([x, w]);
    return {
      value: tf.conv2d(x, w, 1, 'same'),
      gradFunc: (dy, [xs, ws]) => [tf.conv2dTranspose(dy, ws, xs.shape, 1, 'same'), filterGrad(xs, dy, ws)],
    };
  });
  const cache = new Map();
  return (x, w, inputNeedsGrad) => {
    if (inputNeedsGrad) return withInputGrad(x, w);
    let f = cache.get(x);
    if (!f) {
      f = tf.customGrad((w0, save) => {
        save([w0]);
        return { value: tf.conv2d(x, w0, 1, 'same'), gradFunc: (dy, [ws]) => [filterGrad(x, dy, ws)] };
      });
      cache.set(x, f);
    }
    return f(w);
  };
}

export function cnnCase({ cr, nn, F, optim, tf, activateChainrule }, { batch = 32, filterGrad = 'im2col' } = {}) {
  const x = uniform(batch * 784, 21, 0, 1);
  const target = labels(batch, 10, 22);
  const P = {
    '0.weight': init(16 * 9, 9, 300),
    '0.bias': init(16, 9, 301),
    '3.weight': init(32 * 16 * 9, 16 * 9, 302),
    '3.bias': init(32, 16 * 9, 303),
    '7.weight': init(10 * 1568, 1568, 304),
    '7.bias': init(10, 1568, 305),
  };
  const chainrule = (backend) => () => {
    activateChainrule(backend);
    const model = new nn.Sequential(
      new nn.Conv2d(1, 16, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Conv2d(16, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
      new nn.Flatten(), new nn.Linear(1568, 10),
    );
    loadChainrule(cr, model, P);
    const xs = cr.tensor(x).reshape([batch, 1, 28, 28]);
    const ys = cr.tensor(target);
    return { activate: () => activateChainrule(backend), ...chainruleTrainer(cr, optim, model, () => F.crossEntropy(model.forward(xs), ys), () => model.namedParameters().find(([n]) => n === '0.weight')[1]) };
  };
  /** tfjs in its native NHWC layout; filters [kh, kw, in, out]; the linear layer's rows reordered from (c, h, w) to (h, w, c). */
  const tfjs = (backend, customGrad) => () => {
    use(tf, backend);
    const v = tfVariables(tf, {
      w0: [permute(P['0.weight'], [16, 1, 3, 3], [2, 3, 1, 0]), [3, 3, 1, 16]],
      b0: [P['0.bias'], [16]],
      w1: [permute(P['3.weight'], [32, 16, 3, 3], [2, 3, 1, 0]), [3, 3, 16, 32]],
      b1: [P['3.bias'], [32]],
      w2: [permute(P['7.weight'], [10, 32, 7, 7], [2, 3, 1, 0]), [1568, 10]],
      b2: [P['7.bias'], [10]],
    });
    const xs = tf.tensor4d(x, [batch, 28, 28, 1]);
    const ys = tf.tensor2d(oneHot(target, 10), [batch, 10]);
    const conv = customGrad ? convWithFilterGrad(tf, filterGrad) : (a, w) => tf.conv2d(a, w, 1, 'same');
    const lossFn = () => {
      const h1 = tf.maxPool(tf.relu(tf.add(conv(xs, v.w0, false), v.b0)), 2, 2, 'valid');
      const h2 = tf.maxPool(tf.relu(tf.add(conv(h1, v.w1, true), v.b1)), 2, 2, 'valid');
      return tf.losses.softmaxCrossEntropy(ys, tf.add(tf.matMul(tf.reshape(h2, [batch, 1568]), v.w2), v.b2));
    };
    return { activate: () => use(tf, backend), ...tfjsTrainer(tf, backend, v, lossFn, (g) => permute(gradData(g, v.w0), [3, 3, 1, 16], [3, 2, 0, 1])) };
  };
  const macs = batch * 784 * 16 * 9 + batch * 196 * 32 * 16 * 9 + batch * 1568 * 10;
  return {
    id: 'cnn',
    title: `CNN 1×28×28 conv(1→16)-pool-conv(16→32)-pool-linear, batch ${batch}: forward + backward + SGD step`,
    gradName: '0.weight (first conv filter)',
    flops: 6 * macs - 2 * batch * 784 * 16 * 9, // no input gradient for the first layer
    libraries: {
      'chainrule-wasm': chainrule('wasm'),
      'chainrule-ref': chainrule('ref'),
      'tfjs-wasm': tfjs('wasm', false),
      'tfjs-wasm-customGrad': tfjs('wasm', true),
      'tfjs-cpu': tfjs('cpu', false),
      'js-pytorch': () => ({ unsupported: 'js-pytorch 0.7 has no convolution or pooling op' }),
    },
    baseline: 'tfjs-wasm-customGrad',
  };
}

// ------------------------------------------------------------------ LSTM

export function lstmCase({ cr, nn, optim, tf, torch, activateChainrule }, { seq = 32, batch = 16, input = 32, hidden = 128 } = {}) {
  const H = hidden;
  const x = uniform(seq * batch * input, 31);
  const P = {
    weight_ih_l0: init(4 * H * input, H, 400),
    weight_hh_l0: init(4 * H * H, H, 401),
    bias_ih_l0: init(4 * H, H, 402),
    bias_hh_l0: init(4 * H, H, 403),
  };
  const chainrule = (backend) => () => {
    activateChainrule(backend);
    const model = new nn.LSTM(input, H);
    loadChainrule(cr, model, P);
    const xs = cr.tensor(x).reshape([seq, batch, input]);
    const lossOf = () => {
      const [, [hN]] = model.forward(xs);
      return hN.square().mean();
    };
    return { activate: () => activateChainrule(backend), ...chainruleTrainer(cr, optim, model, lossOf, () => model.namedParameters().find(([n]) => n === 'weight_hh_l0')[1]) };
  };
  // PyTorch's gate blocks are (i, f, g, o); tf.basicLSTMCell's are (i, j = g, f, o), forget bias 0 here.
  const TF_FROM_PT = [0, 2, 1, 3];
  const tfjs = (backend) => () => {
    use(tf, backend);
    const kernel = new Float32Array((input + H) * 4 * H);
    const bias = new Float32Array(4 * H);
    for (let tb = 0; tb < 4; tb++) {
      const pb = TF_FROM_PT[tb];
      for (let r = 0; r < H; r++) {
        for (let c = 0; c < input; c++) kernel[c * 4 * H + tb * H + r] = P.weight_ih_l0[(pb * H + r) * input + c];
        for (let c = 0; c < H; c++) kernel[(input + c) * 4 * H + tb * H + r] = P.weight_hh_l0[(pb * H + r) * H + c];
        bias[tb * H + r] = P.bias_ih_l0[pb * H + r] + P.bias_hh_l0[pb * H + r];
      }
    }
    const v = tfVariables(tf, { kernel: [kernel, [input + H, 4 * H]], bias: [bias, [4 * H]] });
    const steps = tf.unstack(tf.tensor3d(x, [seq, batch, input]));
    const forgetBias = tf.scalar(0);
    const zeros = tf.zeros([batch, H]);
    const lossFn = () => {
      let c = zeros;
      let h = zeros;
      for (const xt of steps) [c, h] = tf.basicLSTMCell(forgetBias, v.kernel, v.bias, xt, c, h);
      return tf.mean(tf.square(h));
    };
    const gradOf = (g) => {
      const k = gradData(g, v.kernel);
      const out = new Float32Array(4 * H * H);
      for (let tb = 0; tb < 4; tb++) for (let r = 0; r < H; r++) for (let c = 0; c < H; c++) out[(TF_FROM_PT[tb] * H + r) * H + c] = k[(input + c) * 4 * H + tb * H + r];
      return out;
    };
    return { activate: () => use(tf, backend), ...tfjsTrainer(tf, backend, v, lossFn, gradOf) };
  };
  /**
   * js-pytorch has no LSTM, sigmoid, tanh or slicing: one weight pair per gate, σ(z) = 1 / (1 + e^(−z))
   * (a tensor of ones divided, because its pow handles positive integer powers only, with the
   * gradient of n = 2 whatever n is), tanh(z) = 2σ(2z) − 1.
   */
  const jsPytorch = () => {
    const gate = (pb) => ({
      wx: torch.tensor(nestedRows(transpose2d(P.weight_ih_l0.subarray(pb * H * input, (pb + 1) * H * input), H, input), input, H), true),
      wh: torch.tensor(nestedRows(transpose2d(P.weight_hh_l0.subarray(pb * H * H, (pb + 1) * H * H), H, H), H, H), true),
      b: torch.tensor(Array.from(P.bias_ih_l0.subarray(pb * H, (pb + 1) * H), (v, r) => v + P.bias_hh_l0[pb * H + r]), true),
    });
    const [gi, gf, gg, go] = [0, 1, 2, 3].map(gate);
    const params = [gi, gf, gg, go].flatMap((g) => [g.wx, g.wh, g.b]);
    const steps = Array.from({ length: seq }, (_, t) => torch.tensor(nestedRows(x.subarray(t * batch * input, (t + 1) * batch * input), batch, input)));
    const ones = torch.ones([batch, H]);
    const sigmoid = (z) => ones.div(z.neg().exp().add(1));
    const tanh = (z) => sigmoid(z.mul(2)).mul(2).add(-1);
    const pre = (g, xt, h) => xt.matmul(g.wx).add(h.matmul(g.wh)).add(g.b);
    const lossOf = () => {
      let h = torch.zeros([batch, H]);
      let c = torch.zeros([batch, H]);
      for (const xt of steps) {
        c = sigmoid(pre(gf, xt, h)).mul(c).add(sigmoid(pre(gi, xt, h)).mul(tanh(pre(gg, xt, h))));
        h = sigmoid(pre(go, xt, h)).mul(tanh(c));
      }
      return h.mul(h).mean(-1).mean(-1);
    };
    const gradOf = () => {
      const out = new Float32Array(4 * H * H);
      [gi, gf, gg, go].forEach((g, pb) => out.set(transpose2d(flatten(g.wh.grad), H, H), pb * H * H));
      return out;
    };
    return { activate() {}, ...jsPytorchTrainer(params, lossOf, gradOf) };
  };
  const macs = seq * batch * 4 * H * (input + H);
  return {
    id: 'lstm',
    title: `LSTM seq ${seq}, batch ${batch}, input ${input}, hidden ${H}, loss mean(h_T²): forward + backward + SGD step`,
    gradName: 'weight_hh_l0',
    flops: 6 * macs - 2 * seq * batch * 4 * H * input, // no input gradient needed
    libraries: {
      'chainrule-wasm': chainrule('wasm'),
      'chainrule-ref': chainrule('ref'),
      'tfjs-wasm': tfjs('wasm'),
      'tfjs-cpu': tfjs('cpu'),
      'js-pytorch': jsPytorch,
    },
  };
}

/**
 * A ResNet-18 training step (10 classes, SGD lr 0.01) at `batch` on `size`×`size` images: a fresh
 * model after manualSeed(0) and seeded data, the same for every caller (bench/conv-batch.mjs,
 * bench/targets.mjs). `step()` trains once; `savedBytes()` is graphMemory of one forward.
 */
export function resnetTrainer({ cr, nn, optim, models }, batch, size) {
  cr.manualSeed(0);
  const model = models.resnet18({ numClasses: 10 });
  model.train();
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const x = cr.tensor(uniform(batch * 3 * size * size, 3)).reshape([batch, 3, size, size]);
  const y = cr.tensor(Int32Array.from(uniform(batch, 4, 0, 10), Math.floor));
  return {
    step() {
      opt.zeroGrad();
      nn.functional.crossEntropy(model.forward(x), y).backward();
      opt.step();
    },
    savedBytes: () => cr.graphMemory(nn.functional.crossEntropy(model.forward(x), y)).bytes,
  };
}
