// @ts-check
/**
 * memory: where the memory of training goes. (1) The bytes a forward pass keeps for the backward
 * pass grow linearly with the batch size: measured with `graphMemory` on real forwards of a small
 * CNN and of ResNet-18, and predicted without any arithmetic by `nn.summary`. (2) Optimizer state:
 * nothing for SGD, one buffer per parameter for momentum, two for Adam. (3) Gradient checkpointing
 * in a 10-layer chain: keep only the segment boundaries, recompute the inside during backward.
 * PyTorch 1.13's figures for the same models (torch.autograd.graph.saved_tensors_hooks, unique
 * storages) are read from docs/examples/data/memory-pytorch.json, written by
 * bench/pytorch-examples/memory.py.
 */
import { readFileSync } from 'node:fs';
import { Generator, checkpoint, graphMemory, isGradEnabled, manualSeed, randint, randn } from 'chainrule';
import { Conv2d, CrossEntropyLoss, Flatten, Linear, MaxPool2d, ReLU, Sequential, Tanh, summary } from 'chainrule/nn';
import { LeNet, resnet18 } from 'chainrule/models';
import { Adam, SGD } from 'chainrule/optim';
import { barPlot, linePlot, panels } from 'chainrule/plot';
import { saveFigure } from './lib/figures.mjs';
import { progress } from './lib/progress.mjs';

export const title = 'bytes saved for backward vs batch size (small CNN, ResNet-18), optimizer state, gradient checkpointing';

const MiB = 1024 * 1024;
const mib = (/** @type {number} */ bytes) => Number((bytes / MiB).toPrecision(4));

/**
 * PyTorch's figures, or null when the fixture is missing (the example then shows chainrule's only).
 * @returns {PyTorchMemory | null}
 *
 * @typedef {object} PyTorchMemory
 * @property {string} torch
 * @property {Array<{ batch: number, bytes: number }>} smallCnn
 * @property {Array<{ batch: number, size: number, bytes: number }>} resnet18
 * @property {Array<{ model: string, optimizer: string, stateBytes: number }>} optimizers
 * @property {Array<{ segments: string, batch: number, savedBytes: number }>} checkpoint
 */
function readPyTorch() {
  try {
    return JSON.parse(readFileSync(new URL('./data/memory-pytorch.json', import.meta.url), 'utf8'));
  } catch {
    return null;
  }
}

// ─── 1. The models ───────────────────────────────────────────────────────────────────────────────

/** A small CNN for 1×28×28 images, as a student writes one. */
export function smallCnn() {
  return new Sequential(
    new Conv2d(1, 8, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(8, 16, 3, { padding: 1 }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(16 * 7 * 7, 10),
  );
}

/**
 * Bytes held for backward after one real forward (graphMemory of the output), next to
 * nn.summary's prediction from a shape-only pass.
 * @param {import('chainrule/nn').Sequential | import('chainrule/models').ResNet | import('chainrule/models').LeNet} model
 * @param {number[]} shape input shape
 * @param {boolean} real also run a real forward (summary alone is cheap at any size)
 */
function savedBytes(model, shape, real) {
  const predicted = summary(model, shape).totals.bytesSavedForBackward;
  if (!real) return { predicted, measured: undefined, byOp: undefined };
  const out = model.forward(randn(shape));
  const memory = graphMemory(out);
  return { predicted, measured: memory.bytes, byOp: memory.byOp };
}

/** Least-squares line bytes = a + b·batch: b is the bytes per example, a the fixed part (weights). */
function fitLine(/** @type {number[]} */ xs, /** @type {number[]} */ ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { perExample: slope, fixed: my - slope * mx };
}

// ─── 2. Gradient checkpointing in a 10-layer chain ──────────────────────────────────────────────

/**
 * The chain: 10 × (Linear(width, width) → Tanh). Runs it on `input` with the given segment
 * lengths checkpointed (none: an ordinary forward), backpropagates a loss, and counts.
 * @param {Array<{ linear: Linear, act: Tanh }>} layers
 * @param {import('chainrule').Tensor} input
 * @param {number[] | null} segments segment lengths adding up to layers.length, or null for no checkpointing
 */
export function runChain(layers, input, segments) {
  let layerForwards = 0;
  let peakExtra = 0;
  const counters = { forwards: 0, recomputations: 0 };
  /** Runs layers [from, to) on h; counts layer evaluations; in a recomputation, notes its graph's bytes. */
  const segment = (/** @type {number} */ from, /** @type {number} */ to) => (/** @type {import('chainrule').Tensor} */ h) => {
    let out = h;
    for (let i = from; i < to; i++) {
      layerForwards++;
      out = layers[i].act.forward(layers[i].linear.forward(out));
    }
    // Recording is off in the checkpointed forward and on in the recomputation: the recomputed
    // segment's graph is the extra memory the backward holds while it goes through this segment
    // (its input is already held by the checkpoint, so it is not counted twice).
    if (isGradEnabled() && segments !== null) peakExtra = Math.max(peakExtra, graphMemory(out).bytes - h.storage.byteLength);
    return out;
  };
  for (const { linear } of layers) linear.zeroGrad();
  let h = input;
  if (segments === null) h = segment(0, layers.length)(h);
  else {
    let from = 0;
    for (const length of segments) {
      h = checkpoint(segment(from, from + length), h, { counters });
      from += length;
    }
  }
  const loss = h.square().mean();
  const held = graphMemory(loss).bytes;
  const forwardsBefore = layerForwards;
  loss.backward();
  return {
    loss: loss.item(),
    heldAfterForward: held,
    peakDuringBackward: held + peakExtra,
    layerForwards: forwardsBefore,
    layersRecomputed: layerForwards - forwardsBefore,
    segmentsRecomputed: counters.recomputations,
    grads: layers.map(({ linear }) => /** @type {import('chainrule').Tensor} */ (linear.weight.grad)),
  };
}

// ─── 3. The notebook ─────────────────────────────────────────────────────────────────────────────

/** @param {import('./lib/contract.mjs').ExampleOptions} options */
export async function run({ quick, figuresDir, quiet }) {
  manualSeed(0);
  const torch = readPyTorch();
  /** @type {string[]} */ const figures = [];
  /** @type {import('./lib/contract.mjs').TrainingRun[]} */ const runs = [];
  /** @type {Array<Record<string, string | number | boolean>>} */ const rows = [];
  const torchCol = (/** @type {number | undefined} */ bytes) => (bytes === undefined ? '' : mib(bytes));

  // Cell 1: the small CNN, batch 1 … 64 on 28×28 images. Every batch size runs a real forward;
  // graphMemory sums the distinct storages the graph's nodes saved, and summary predicts the same
  // number from shapes alone.
  const cnn = smallCnn();
  const cnnBatches = quick ? [1, 2, 4] : [1, 2, 4, 8, 16, 32, 64];
  const cnnBytes = cnnBatches.map((batch) => ({ batch, ...savedBytes(cnn, [batch, 1, 28, 28], true) }));
  for (const { batch, measured, predicted } of cnnBytes) {
    const ref = torch?.smallCnn.find((r) => r.batch === batch)?.bytes;
    rows.push({ part: 'saved for backward', model: 'small CNN 28×28', setting: `batch ${batch}`, 'chainrule MiB': mib(/** @type {number} */ (measured)), 'PyTorch MiB': torchCol(ref), 'summary MiB': mib(predicted) });
  }

  // Cell 2: ResNet-18. A real forward at 224×224 takes about half a second per image here, so
  // graphMemory measures batches 1 and 2 and summary's shape-only pass (exact, as the measured
  // rows show) extends the line to batch 8.
  // (Quick mode, the smoke test, stands LeNet from chainrule/models in for ResNet-18: building
  // ResNet-18's 11.7 M parameters alone takes seconds.)
  const big = quick
    ? { name: 'LeNet', model: new LeNet(), shape: (/** @type {number} */ b) => [b, 1, 28, 28], title: 'LeNet 28×28' }
    : { name: 'ResNet-18', model: resnet18({ generator: new Generator(1) }), shape: (/** @type {number} */ b) => [b, 3, 224, 224], title: 'ResNet-18 224×224' };
  const net = big.model;
  const bigBatches = [1, 2, 4, 8];
  const measuredUpTo = 2;
  const bigBytes = bigBatches.map((batch) => ({ batch, ...savedBytes(net, big.shape(batch), batch <= measuredUpTo) }));
  for (const { batch, measured, predicted } of bigBytes) {
    const ref = quick ? undefined : torch?.resnet18.find((r) => r.batch === batch && r.size === 224)?.bytes;
    rows.push({ part: 'saved for backward', model: big.title, setting: `batch ${batch}`, 'chainrule MiB': measured === undefined ? '' : mib(measured), 'PyTorch MiB': torchCol(ref), 'summary MiB': mib(predicted) });
  }
  const cnnLine = fitLine(cnnBatches, cnnBytes.map((r) => r.predicted));
  const bigLine = fitLine(bigBatches, bigBytes.map((r) => r.predicted));
  // The lines through these points: bytes = fixed + per example × batch. The fixed part is the
  // weights the convolutions and the classifier save; the slope is the activations of one image.
  for (const [model, line] of /** @type {const} */ ([['small CNN 28×28', cnnLine], [big.title, bigLine]])) {
    rows.push({ part: 'saved for backward', model, setting: 'per example', 'summary MiB': mib(line.perExample) });
    rows.push({ part: 'saved for backward', model, setting: 'fixed (batch 0)', 'summary MiB': mib(line.fixed) });
  }

  // Figure 1: bytes against batch size, chainrule measured and predicted, PyTorch's as reference.
  /** @param {string} name @param {typeof cnnBytes} data @param {Array<{ batch: number, bytes: number }> | undefined} ref */
  const bytesPanel = (name, data, ref) => {
    const series = [
      { name: 'graphMemory', x: data.filter((r) => r.measured !== undefined).map((r) => r.batch), y: data.filter((r) => r.measured !== undefined).map((r) => mib(/** @type {number} */ (r.measured))) },
      { name: 'nn.summary', x: data.map((r) => r.batch), y: data.map((r) => mib(r.predicted)) },
    ];
    const refs = (ref ?? []).filter((r) => data.some((d) => d.batch === r.batch));
    if (refs.length > 0) series.push({ name: 'PyTorch 1.13', x: refs.map((r) => r.batch), y: refs.map((r) => mib(r.bytes)) });
    return linePlot({ title: name, series, x: { title: 'batch size' }, y: { title: 'MiB saved for backward' }, points: true });
  };
  const bigRef = quick ? undefined : torch?.resnet18.filter((r) => r.size === 224);
  figures.push(
    await saveFigure(
      figuresDir,
      'memory-batch',
      panels([bytesPanel('small CNN, 1×28×28', cnnBytes, torch?.smallCnn), bytesPanel(big.title, bigBytes, bigRef)], { columns: 2 }),
    ),
  );

  // Figure 2: which ops hold the bytes (ResNet-18, batch 1, real forward).
  const byOp = /** @type {Map<string, number>} */ (bigBytes[0].byOp);
  figures.push(
    await saveFigure(
      figuresDir,
      'memory-by-op',
      barPlot({ title: `${big.title}, batch 1: bytes saved for backward by op (MiB)`, bars: [...byOp].map(([op, bytes]) => ({ label: op, value: mib(bytes) })), y: { title: 'MiB' } }),
    ),
  );

  // Cell 3: optimizer state. Train the small CNN a few steps on one fixed batch (random images,
  // random labels: it can only memorize them, which is enough to see the loss fall) with each
  // optimizer, reading the state's bytes after the first step.
  const optimizers = /** @type {const} */ ([
    { name: 'SGD', make: (/** @type {any} */ params) => new SGD(params, { lr: 0.05 }) },
    { name: 'SGD + momentum', make: (/** @type {any} */ params) => new SGD(params, { lr: 0.05, momentum: 0.9 }) },
    { name: 'Adam', make: (/** @type {any} */ params) => new Adam(params, { lr: 0.003 }) },
  ]);
  const images = randn([quick ? 8 : 32, 1, 28, 28], { generator: new Generator(2) });
  const labels = randint(0, 10, [quick ? 8 : 32], { generator: new Generator(3) });
  const lossFn = new CrossEntropyLoss();
  const trainSteps = quick ? 5 : 30;
  const paramBytes = (/** @type {import('chainrule/nn').Module} */ m) => m.parameters().reduce((n, p) => n + p.numel() * p.storage.BYTES_PER_ELEMENT, 0);
  /** @type {Array<{ label: string, value: number, group: string }>} */ const bars = [];
  for (const { name, make } of optimizers) {
    manualSeed(4);
    const model = smallCnn();
    const opt = make(model.parameters());
    const bar = progress(`small CNN, ${name}`, trainSteps, { quiet });
    const losses = [];
    let afterOne = 0;
    for (let step = 1; step <= trainSteps; step++) {
      opt.zeroGrad();
      const loss = lossFn.forward(model.forward(images), labels);
      loss.backward();
      opt.step();
      if (step === 1) afterOne = opt.stateBytes();
      losses.push(loss.item());
      bar.update(step, losses[losses.length - 1]);
    }
    bar.done();
    runs.push({ label: `small CNN, ${name}`, firstLoss: losses[0], lastLoss: losses[losses.length - 1] });
    const ref = torch?.optimizers.find((r) => r.model === 'small CNN' && r.optimizer === name)?.stateBytes;
    rows.push({ part: 'optimizer state', model: 'small CNN', setting: name, 'chainrule MiB': mib(afterOne), 'state / params': Number((afterOne / paramBytes(model)).toFixed(3)), 'PyTorch MiB': torchCol(ref) });
  }
  // ResNet-18: one backward (batch 1, 64×64), then one step of each optimizer on those gradients.
  {
    const bar = progress(`${big.name}, one backward`, 1, { quiet });
    net.zeroGrad();
    net.forward(randn(quick ? big.shape(2) : [1, 3, 64, 64])).square().mean().backward();
    bar.update(1, 0);
    bar.done();
    const params = paramBytes(net);
    for (const { name, make } of optimizers) {
      const opt = make(net.parameters());
      opt.step();
      const state = opt.stateBytes();
      const ref = torch?.optimizers.find((r) => r.model === big.name && r.optimizer === name)?.stateBytes;
      rows.push({ part: 'optimizer state', model: big.name, setting: name, 'chainrule MiB': mib(state), 'state / params': Number((state / params).toFixed(3)), 'PyTorch MiB': torchCol(ref) });
      bars.push({ label: name, value: mib(params), group: 'parameters' });
      bars.push({ label: name, value: mib(params), group: 'gradients' });
      bars.push({ label: name, value: mib(state), group: 'optimizer state' });
    }
  }
  figures.push(await saveFigure(figuresDir, 'memory-optimizers', barPlot({ title: `${big.name}: parameters, gradients and optimizer state (MiB)`, bars, y: { title: 'MiB' } })));

  // Cell 4: gradient checkpointing in a 10-layer chain (Linear 128→128 + tanh, batch 1024).
  // Without checkpointing the graph keeps every layer's activations. With k checkpointed
  // segments it keeps the k segment inputs; during backward each segment is recomputed once,
  // so at any time the boundaries plus ONE segment's activations are held. Every layer is
  // recomputed exactly once whatever the segments: the cost is one extra forward. The peak is
  // about k + 10/k activations (plus the last output), smallest for k near √10: 7 for k = 2, 3
  // or 5 against 11 without checkpointing.
  const width = 128;
  const batch = quick ? 32 : 1024;
  manualSeed(5);
  const layers = Array.from({ length: 10 }, () => ({ linear: new Linear(width, width), act: new Tanh() }));
  const input = randn([batch, width], { generator: new Generator(6) }).requiresGrad_(true);
  const choices = [null, [10], [5, 5], [4, 3, 3], [2, 2, 2, 2, 2], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]];
  const plain = runChain(layers, input, null);
  /** @type {Array<{ name: string, held: number, peak: number }>} */ const chain = [];
  for (const segments of choices) {
    const result = segments === null ? plain : runChain(layers, input, segments);
    const name = segments === null ? 'none' : segments.length === 1 ? '1 × 10' : segments.every((s) => s === segments[0]) ? `${segments.length} × ${segments[0]}` : segments.join('+');
    const maxGradDiff = Math.max(...result.grads.map((g, i) => g.sub(plain.grads[i]).abs().max().item()));
    const ref = torch?.checkpoint.find((r) => r.segments === name && r.batch === batch)?.savedBytes;
    rows.push({
      part: 'checkpointing',
      model: `10 × (Linear ${width} + tanh), batch ${batch}`,
      setting: `segments ${name}`,
      'chainrule MiB': mib(result.heldAfterForward),
      'PyTorch MiB': torchCol(ref),
      'peak in backward MiB': mib(result.peakDuringBackward),
      'layers recomputed': result.layersRecomputed,
      'segments recomputed': result.segmentsRecomputed,
      'max abs Δgrad': maxGradDiff,
    });
    chain.push({ name, held: result.heldAfterForward, peak: result.peakDuringBackward });
  }
  figures.push(
    await saveFigure(
      figuresDir,
      'memory-checkpointing',
      barPlot({
        title: `10-layer chain, batch ${batch}: bytes held for backward (MiB) by checkpoint segments`,
        bars: chain.flatMap(({ name, held, peak }) => [
          { label: name, value: mib(held), group: 'after the forward' },
          { label: name, value: mib(peak), group: 'peak in backward' },
        ]),
        y: { title: 'MiB' },
      }),
    ),
  );

  return { rows, figures, runs };
}
