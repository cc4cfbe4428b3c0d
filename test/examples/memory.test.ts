/**
 * memory: the smoke run, plus the counts that have a known answer — optimizer state is 0, 1 and
 * 2 parameter copies for SGD, momentum and Adam; saved-for-backward bytes of the small CNN by hand;
 * checkpointing keeps exactly the segment inputs and recomputes every layer once, with equal gradients.
 */
import { describe, expect, it } from 'vitest';
import { Linear, Tanh } from 'chainrule/nn';
import { graphMemory, manualSeed, randn } from 'chainrule';
import { runQuickExample } from './smoke.js';
// @ts-expect-error: a plain JavaScript module without declarations
import { runChain, smallCnn } from '../../docs/examples/memory.mjs';

describe('memory', () => {
  it('memory trains and draws in quick mode', async () => {
    const result = await runQuickExample('memory');
    const state = (model: string, optimizer: string) => result.rows.find((r) => r.part === 'optimizer state' && r.model === model && r.setting === optimizer)!['state / params'];
    for (const model of ['small CNN', 'LeNet']) { // quick mode: LeNet stands in for ResNet-18
      expect(state(model, 'SGD')).toBe(0);
      expect(state(model, 'SGD + momentum')).toBe(1);
      expect(state(model, 'Adam')).toBe(2);
    }
  }, 120_000);

  it('the small CNN saves what a hand count gives (batch 1, float32)', () => {
    manualSeed(0);
    // conv1: input 784 + weight 72 | relu1: output 8·28·28 = 6272 (also pool1's input) | pool1: int32 indices 8·14·14 = 1568
    // conv2: input 1568 (pool1's output) + weight 1152 | relu2: output 16·14·14 = 3136 | pool2: indices 784
    // linear: input 784 (flattened pool2 output, a view) + weight 7840. All 4 bytes each.
    const elements = 784 + 72 + 6272 + 1568 + 1568 + 1152 + 3136 + 784 + 784 + 7840;
    expect(graphMemory(smallCnn().forward(randn([1, 1, 28, 28]))).bytes).toBe(4 * elements);
  });

  it('checkpointing keeps the segment inputs, recomputes each layer once, and leaves gradients unchanged', () => {
    manualSeed(1);
    const layers = Array.from({ length: 10 }, () => ({ linear: new Linear(8, 8), act: new Tanh() }));
    const input = randn([4, 8]).requiresGrad_(true);
    const plain = runChain(layers, input, null);
    const tensorBytes = 4 * 8 * 4;
    // mean() is sum().div(n) and its DivBackward keeps n as an 8-byte scalar tensor
    const meanScalar = 8;
    // no checkpointing: the input and the 10 tanh outputs (each saved by tanh and by the next Linear
    // or the loss's square, counted once) and the 10 weights (64 floats) the matmuls save
    expect(plain.heldAfterForward).toBe(11 * tensorBytes + 10 * 64 * 4 + meanScalar);
    expect(plain.layersRecomputed).toBe(0);
    const split = runChain(layers, input, [4, 3, 3]);
    // three segment inputs, plus the last output saved by the loss's square
    expect(split.heldAfterForward).toBe(3 * tensorBytes + tensorBytes + meanScalar);
    expect(split.layerForwards).toBe(10);
    expect(split.layersRecomputed).toBe(10);
    expect(split.segmentsRecomputed).toBe(3);
    split.grads.forEach((g: { toArray(): unknown }, i: number) => expect(g.toArray()).toEqual(plain.grads[i].toArray()));
  });
});
