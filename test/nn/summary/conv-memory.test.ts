/**
 * Memory saved for backward by convolutional models against PyTorch 1.13
 * (test/fixtures/conv_memory.json, written by test/fixtures/generate_conv_memory.py with
 * saved_tensors_hooks: the bytes of the distinct storages autograd saves in one training-mode
 * forward, root = the model's output). A convolution saves its input and its weight, as PyTorch's
 * ConvolutionBackward does, and training-mode BatchNorm its input and weight, so conv and ReLU
 * bytes match PyTorch's exactly; the differences, derived below, are max pooling's indices (int32
 * here, int64 in PyTorch: half the bytes) and the four [C] statistics PyTorch's BatchNorm also saves.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { graphMemory, manualSeed, randn, type Tensor } from '../../../src/index.js';
import { Conv2d, ReLU, Sequential, summary, type Module } from '../../../src/nn/index.js';
import { LeNet, resnet18 } from '../../../src/nn/zoo/index.js';

interface Case {
  shape: number[];
  bytes: number;
  storages: number;
  byNode: Record<string, number>;
}
const FIXTURE = JSON.parse(readFileSync(new URL('../../fixtures/conv_memory.json', import.meta.url), 'utf8')) as { cases: Record<string, Case> };
const pt = FIXTURE.cases;

/** graphMemory after a real forward in training mode, by op. */
function measured(model: Module, shape: number[]) {
  manualSeed(0);
  model.train();
  const m = graphMemory((model as unknown as { forward(x: Tensor): Tensor }).forward(randn(shape)));
  return { bytes: m.bytes, byOp: Object.fromEntries(m.byOp) as Record<string, number> };
}

/** The generator's Convs: Conv2d(3→8, 3×3, pad 1)–ReLU–Conv2d(8→16, 3×3, stride 2, pad 1, no bias)–ReLU. */
const convs = () => new Sequential(new Conv2d(3, 8, 3, { padding: 1 }), new ReLU(), new Conv2d(8, 16, 3, { stride: 2, padding: 1, bias: false }), new ReLU());

describe('bytes saved for backward against PyTorch', () => {
  it('convolutions and ReLUs: exactly PyTorch’s bytes, in graphMemory and summary()', () => {
    const c = pt.convs!;
    const m = measured(convs(), c.shape);
    expect(m.byOp).toEqual({ ConvolutionBackward: c.byNode.ConvolutionBackward0, ReluBackward: c.byNode.ReluBackward0 });
    expect(m.bytes).toBe(c.bytes);
    expect(summary(convs(), c.shape).totals.bytesSavedForBackward).toBe(c.bytes);
  });

  it('LeNet: PyTorch’s bytes but for max pooling’s indices, int32 instead of int64', () => {
    const c = pt.lenet!;
    const m = measured(new LeNet(), c.shape);
    expect(m.byOp.ConvolutionBackward).toBe(c.byNode.ConvolutionBackward0);
    expect(m.byOp.ReluBackward).toBe(c.byNode.ReluBackward0);
    expect(m.byOp.MatmulBackward).toBe(c.byNode.AddmmBackward0); // Linear saves input and weight, as addmm
    // the pools save only their indices (their input is the ReLU's output, charged to the ReLU)
    const pool = c.byNode.MaxPool2DWithIndicesBackward0! / 2;
    expect(m.byOp.GatherBackward).toBe(pool);
    expect(m.bytes).toBe(c.bytes - pool);
    expect(summary(new LeNet(), c.shape).totals.bytesSavedForBackward).toBe(c.bytes - pool);
  });

  it('ResNet-18 at 64×64: op by op PyTorch’s bytes, less its int64 indices and BatchNorm statistics', () => {
    const c = pt.resnet18_64!;
    const model = resnet18({ numClasses: 10 });
    const m = measured(model, c.shape);
    expect(m.byOp.ConvolutionBackward).toBe(c.byNode.ConvolutionBackward0);
    expect(m.byOp.ReluBackward).toBe(c.byNode.ReluBackward0);
    // BatchNorm saves its input and weight; PyTorch also saves four [C] vectors per layer (running
    // mean and variance, batch mean and 1/std): 4·4 bytes per channel, and ResNet-18's BatchNorms
    // have 64 + 4·64 + (4 + 1)·(128 + 256 + 512) = 4,800 channels in all
    expect(m.byOp.BatchNormBackward).toBe(c.byNode.NativeBatchNormBackward0! - 16 * 4800);
    expect(m.byOp.GatherBackward).toBe(c.byNode.MaxPool2DWithIndicesBackward0! / 2); // int32 indices
    expect(Math.abs(m.bytes / c.bytes - 1)).toBeLessThan(0.01);
    expect(summary(model, c.shape).totals.bytesSavedForBackward).toBe(m.bytes);
  });

  it('ResNet-18 at 224×224: bytes per image (batch 2 − batch 1) within 10 % of PyTorch’s 22.2 MB', () => {
    const perImagePt = pt.resnet18_224_b2!.bytes - pt.resnet18_224!.bytes;
    expect(perImagePt).toBe(22_179_840); // the 22.2 MB
    const model = resnet18();
    const bytes = (n: number) => summary(model, [n, 3, 224, 224]).totals.bytesSavedForBackward;
    const ratio = (bytes(2) - bytes(1)) / perImagePt;
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });
});
