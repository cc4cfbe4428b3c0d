/**
 * summary(): the counting rule of every layer type, each expectation derived by hand in the test
 * from the layer's arguments (the conventions are in docs/summary.md).
 */
import { describe, expect, it } from 'vitest';
import {
  AdaptiveAvgPool2d,
  AvgPool2d,
  BatchNorm2d,
  Bilinear,
  Conv1d,
  Conv2d,
  ConvTranspose1d,
  ConvTranspose2d,
  Dropout,
  Embedding,
  Flatten,
  GELU,
  GRU,
  GRUCell,
  Identity,
  LayerNorm,
  LeakyReLU,
  Linear,
  LogSoftmax,
  LSTM,
  LSTMCell,
  MaxPool2d,
  RNN,
  RNNCell,
  Sequential,
  Sigmoid,
  Softmax,
  Tanh,
  summary,
  type ModelSummary,
  type SummaryRow,
} from '../../../src/nn/index.js';

/** The row of the model itself (a single layer is its own row 0). */
function only(s: ModelSummary): SummaryRow {
  expect(s.rows).toHaveLength(1);
  return s.rows[0]!;
}

function ops(row: SummaryRow): [number, number, number] {
  return [row.multiplications, row.additions, row.activations];
}

describe('Linear and Bilinear', () => {
  it('Linear(4, 3) on [2, 5, 4]: 10 rows × 3 outputs, each a 4-term dot product plus bias', () => {
    // outputs = 2·5·3 = 30; mults = 30·4 = 120; adds = 30·(3 + 1) = 120; params = 3·4 + 3 = 15
    const row = only(summary(new Linear(4, 3), [2, 5, 4]));
    expect(row.kind).toBe('layer');
    expect(row.type).toBe('Linear');
    expect(row.outputShapes).toEqual([[2, 5, 3]]);
    expect(row.parameters).toBe(15);
    expect(ops(row)).toEqual([120, 120, 0]);
  });

  it('Linear(4, 3, bias false): 3 additions per output instead of 4', () => {
    // adds = 30·3 = 90; params = 12
    const row = only(summary(new Linear(4, 3, { bias: false }), [2, 5, 4]));
    expect(row.parameters).toBe(12);
    expect(ops(row)).toEqual([120, 90, 0]);
  });

  it('Bilinear(2, 3, 4) on [5, 2] and [5, 3]', () => {
    // 5·4 = 20 outputs. x1ᵀA_k: 3 dot products of 2 terms = 6 mults, 3·1 = 3 adds; · x2: 3 mults,
    // 2 adds; bias: 1 add. Per output 9 mults, 6 adds → 180, 120. params = 4·2·3 + 4 = 28.
    const row = only(summary(new Bilinear(2, 3, 4), [[5, 2], [5, 3]]));
    expect(row.inputShapes).toEqual([[5, 2], [5, 3]]);
    expect(row.outputShapes).toEqual([[5, 4]]);
    expect(row.parameters).toBe(28);
    expect(ops(row)).toEqual([180, 120, 0]);
  });
});

describe('convolutions', () => {
  it('Conv2d(4, 6, 3, stride 2, padding 2, dilation 2, groups 2) on [2, 4, 9, 9], with and without bias', () => {
    // Dilated kernel 2·(3 − 1) + 1 = 5; output side ⌊(9 + 2·2 − 5)/2⌋ + 1 = 5 → [2, 6, 5, 5], 300 outputs.
    // K = (4/2)·3·3 = 18 → mults 300·18 = 5400; adds with bias 300·18 = 5400, without 300·17 = 5100.
    // params: weight 6·2·3·3 = 108, bias 6.
    const options = { stride: 2, padding: 2, dilation: 2, groups: 2 };
    const withBias = only(summary(new Conv2d(4, 6, 3, options), [2, 4, 9, 9]));
    expect(withBias.outputShapes).toEqual([[2, 6, 5, 5]]);
    expect(withBias.parameters).toBe(114);
    expect(ops(withBias)).toEqual([5400, 5400, 0]);
    const noBias = only(summary(new Conv2d(4, 6, 3, { ...options, bias: false }), [2, 4, 9, 9]));
    expect(noBias.parameters).toBe(108);
    expect(ops(noBias)).toEqual([5400, 5100, 0]);
  });

  it("Conv1d(2, 3, 4, padding 'same') on unbatched [2, 7]; a non-zero padding mode costs nothing extra", () => {
    // 'same' keeps L = 7: 3·7 = 21 outputs, K = 2·4 = 8 → mults 168, adds 168; params 3·2·4 + 3 = 27.
    const row = only(summary(new Conv1d(2, 3, 4, { padding: 'same' }), [2, 7]));
    expect(row.outputShapes).toEqual([[3, 7]]);
    expect(row.parameters).toBe(27);
    expect(ops(row)).toEqual([168, 168, 0]);
    const reflect = only(summary(new Conv1d(2, 3, 3, { padding: 1, paddingMode: 'reflect' }), [1, 2, 7]));
    // 21 outputs, K = 6 → 126, 126
    expect(ops(reflect)).toEqual([126, 126, 0]);
  });

  it('a depthwise-separable pair has 39 parameters against 108 for the plain 3×3 conv', () => {
    // depthwise Conv2d(3, 3, 3, groups 3): 3·(3/3)·3·3 = 27; pointwise Conv2d(3, 4, 1): 4·3 = 12.
    // On [1, 3, 8, 8] with padding 1 (8×8 kept): depthwise 3·64 = 192 outputs × K 9 = 1728 mults,
    // 192·8 = 1536 adds; pointwise 4·64 = 256 outputs × K 3 = 768 mults, 256·2 = 512 adds.
    // Plain Conv2d(3, 4, 3): 256 outputs × K 27 = 6912 mults, 256·26 = 6656 adds.
    const separable = new Sequential(new Conv2d(3, 3, 3, { groups: 3, padding: 1, bias: false }), new Conv2d(3, 4, 1, { bias: false }));
    const s = summary(separable, [1, 3, 8, 8]);
    expect(s.rows.map((r) => [r.name, r.parameters])).toEqual([['', 39], ['0', 27], ['1', 12]]);
    expect(ops(s.rows[1]!)).toEqual([1728, 1536, 0]);
    expect(ops(s.rows[2]!)).toEqual([768, 512, 0]);
    expect(s.totals.parameters).toBe(39);
    expect([s.totals.multiplications, s.totals.additions]).toEqual([2496, 2048]);
    const plain = summary(new Conv2d(3, 4, 3, { padding: 1, bias: false }), [1, 3, 8, 8]);
    expect(plain.totals.parameters).toBe(108);
    expect([plain.totals.multiplications, plain.totals.additions]).toEqual([6912, 6656]);
  });

  it('ConvTranspose2d(2, 3, 3, stride 2, padding 1) on [1, 2, 4, 4]: products cropped by the padding do not count', () => {
    // Output side (4 − 1)·2 − 2·1 + (3 − 1) + 1 = 7. Along a dim, input i and tap k land on 2i − 1 + k:
    // i=0 → −1,0,1; i=1 → 1,2,3; i=2 → 3,4,5; i=3 → 5,6,7. Inside [0, 7): hits per position
    // 1,2,1,2,1,2,1 (sum 10, all 7 positions reached; −1 and 7 are cropped).
    // Each output of each of the 3 channels gets (2 input channels)·hits_h·hits_w products:
    // mults = 3·2·10·10 = 600 (of the 2·16·3·9 = 864 products formed, 264 land in the crop).
    // adds without bias = 600 − 3·7·7 = 453; with bias 453 + 147 = 600. params 2·3·3·3 = 54 (+3).
    const noBias = only(summary(new ConvTranspose2d(2, 3, 3, { stride: 2, padding: 1, bias: false }), [1, 2, 4, 4]));
    expect(noBias.outputShapes).toEqual([[1, 3, 7, 7]]);
    expect(noBias.parameters).toBe(54);
    expect(ops(noBias)).toEqual([600, 453, 0]);
    const withBias = only(summary(new ConvTranspose2d(2, 3, 3, { stride: 2, padding: 1 }), [1, 2, 4, 4]));
    expect(withBias.parameters).toBe(57);
    expect(ops(withBias)).toEqual([600, 600, 0]);
  });

  it('ConvTranspose1d(1, 1, 2, stride 3) on [1, 1, 3]: positions no product reaches are just the bias', () => {
    // Output length (3 − 1)·3 + (2 − 1) + 1 = 8; input i, tap k land on 3i + k: 0,1,3,4,6,7 once each;
    // 2 and 5 get nothing. mults 6; adds without bias 6 − 6 = 0, with bias 6 (one per reached output).
    expect(ops(only(summary(new ConvTranspose1d(1, 1, 2, { stride: 3, bias: false }), [1, 1, 3])))).toEqual([6, 0, 0]);
    const withBias = only(summary(new ConvTranspose1d(1, 1, 2, { stride: 3 }), [1, 1, 3]));
    expect(withBias.outputShapes).toEqual([[1, 1, 8]]);
    expect(ops(withBias)).toEqual([6, 6, 0]);
  });
});

describe('pooling', () => {
  it('MaxPool2d only compares: no multiplications, additions or activations', () => {
    const row = only(summary(new MaxPool2d(2), [1, 3, 4, 4]));
    expect(row.outputShapes).toEqual([[1, 3, 2, 2]]);
    expect(ops(row)).toEqual([0, 0, 0]);
  });

  it('MaxPool2d with returnIndices reports both results', () => {
    const row = only(summary(new MaxPool2d(2, { returnIndices: true }), [1, 3, 4, 4]));
    expect(row.outputShapes).toEqual([[1, 3, 2, 2], [1, 3, 2, 2]]);
  });

  it('AvgPool2d(2) on [1, 3, 4, 4]: 3 additions and 1 division per output', () => {
    // 3·2·2 = 12 outputs: adds 12·(4 − 1) = 36, mults 12
    expect(ops(only(summary(new AvgPool2d(2), [1, 3, 4, 4])))).toEqual([12, 36, 0]);
  });

  it('AdaptiveAvgPool2d([2, 3]) on [1, 1, 5, 4]: windows of PyTorch sizes', () => {
    // rows 5 → 2: [0, 3) and [2, 5): sizes 3 + 3 = 6; cols 4 → 3: [0, 2), [1, 3), [2, 4): 2 + 2 + 2 = 6.
    // Σ window sizes = 6·6 = 36 over 6 outputs → adds 36 − 6 = 30, mults 6.
    const row = only(summary(new AdaptiveAvgPool2d([2, 3]), [1, 1, 5, 4]));
    expect(row.outputShapes).toEqual([[1, 1, 2, 3]]);
    expect(ops(row)).toEqual([6, 30, 0]);
  });
});

describe('normalization', () => {
  it('BatchNorm2d(3) on [2, 3, 4, 4] in training and in eval', () => {
    // C = 3 channels of M = 2·4·4 = 32 values.
    // Training, per channel: mean 31 adds + 1 div; centering 32 adds; squares 32 mults; variance
    // 31 adds + 1 div; + eps 1 add; ÷ std 32 mults; γ 32 mults; β 32 adds; running statistics
    // 5 mults + 2 adds. mults 3·(1 + 32 + 1 + 32 + 32 + 5) = 309; adds 3·(31 + 32 + 31 + 1 + 32 + 2) = 387.
    const bn = new BatchNorm2d(3);
    expect(ops(only(summary(bn, [2, 3, 4, 4])))).toEqual([309, 387, 0]);
    // Eval, per element: − μ (add), ÷ std (mult), γ (mult), β (add); per channel + eps (add):
    // mults 96·2 = 192; adds 96·2 + 3 = 195.
    bn.eval();
    expect(ops(only(summary(bn, [2, 3, 4, 4])))).toEqual([192, 195, 0]);
    expect(only(summary(bn, [2, 3, 4, 4])).parameters).toBe(6);
  });

  it('LayerNorm(4) on [2, 3, 4]: 6 groups of 4', () => {
    // per group: mults 1 + 4 + 1 + 4 + 4 = 14, adds 3 + 4 + 3 + 1 + 4 = 15 → 84, 90; params 8
    const row = only(summary(new LayerNorm(4), [2, 3, 4]));
    expect(row.parameters).toBe(8);
    expect(ops(row)).toEqual([84, 90, 0]);
    // without the affine parameters: per group 10 mults, 11 adds
    expect(ops(only(summary(new LayerNorm(4, { elementwiseAffine: false }), [2, 3, 4])))).toEqual([60, 66, 0]);
  });
});

describe('activations, dropout, embedding, shape layers', () => {
  it('each activation counts one evaluation per element of [2, 3] and nothing else', () => {
    for (const layer of [new Tanh(), new Sigmoid(), new GELU(), new LeakyReLU(0.2), new Softmax(1), new LogSoftmax(-1)]) {
      expect(ops(only(summary(layer, [2, 3])))).toEqual([0, 0, 6]);
    }
  });

  it('Dropout multiplies each element once in training, nothing in eval', () => {
    const drop = new Dropout(0.5);
    expect(ops(only(summary(drop, [2, 3])))).toEqual([6, 0, 0]);
    drop.eval();
    expect(ops(only(summary(drop, [2, 3])))).toEqual([0, 0, 0]);
  });

  it('Embedding(10, 4) on int32 [2, 5] is a lookup (zero indices are valid, also with paddingIdx 0)', () => {
    const row = only(summary(new Embedding(10, 4), [2, 5], { inputDtype: 'int32' }));
    expect(row.outputShapes).toEqual([[2, 5, 4]]);
    expect(row.parameters).toBe(40);
    expect(ops(row)).toEqual([0, 0, 0]);
    expect(only(summary(new Embedding(10, 4, { paddingIdx: 0 }), [2, 5], { inputDtype: 'int32' })).outputShapes).toEqual([[2, 5, 4]]);
  });

  it('Flatten and Identity cost nothing', () => {
    expect(only(summary(new Flatten(), [2, 3, 4])).outputShapes).toEqual([[2, 12]]);
    expect(ops(only(summary(new Flatten(), [2, 3, 4])))).toEqual([0, 0, 0]);
    expect(ops(only(summary(new Identity(), [2, 3])))).toEqual([0, 0, 0]);
  });
});

describe('recurrent layers and cells', () => {
  it('LSTM(3, 4, numLayers 2) on [5, 2, 3]', () => {
    // L = 5 steps, N = 2, H = 4, 4 gates (16 rows per batch row).
    // Layer 0, per step: gates 2·16·(3 + 4) = 224 mults, 2·16·(3 + 4 − 1 + 2) = 256 adds;
    //   c' = f⊙c + i⊙g, h' = o⊙tanh(c'): 3·8 = 24 mults, 8 adds; 3·8 sigmoid + 2·8 tanh = 40 activations.
    //   → 248 mults, 264 adds per step, ×5 = 1240, 1320.
    // Layer 1 reads h of layer 0 (4 features): 2·16·8 = 256 + 24 = 280 mults, 2·16·9 = 288 + 8 = 296
    //   adds per step, ×5 = 1400, 1480.
    // Totals: mults 2640, adds 2800, activations 40·5·2 = 400.
    // params: layer 0: 16·3 + 16·4 + 16 + 16 = 144; layer 1: 16·4 + 16·4 + 32 = 160 → 304.
    const row = only(summary(new LSTM(3, 4, { numLayers: 2 }), [5, 2, 3]));
    expect(row.outputShapes).toEqual([[5, 2, 4], [2, 2, 4], [2, 2, 4]]);
    expect(row.parameters).toBe(304);
    expect(ops(row)).toEqual([2640, 2800, 400]);
  });

  it('a bidirectional GRU(2, 3) with batchFirst on [4, 6, 2]', () => {
    // N = 4, L = 6, H = 3, 3 gates (9 rows per batch row), 2 directions.
    // Per step and direction: gates 4·9·(2 + 3) = 180 mults, 4·9·(2 + 3 − 1 + 2) = 216 adds;
    //   r⊙(W_hn h + b_hn) and z⊙(h − n): 2·12 = 24 mults; h − n and n + …: 24 adds; 2·12 sigmoid + 12 tanh = 36.
    //   → 204 mults, 240 adds, 36 activations; × 6 steps × 2 directions = 2448, 2880, 432.
    // params per direction 9·2 + 9·3 + 9 + 9 = 63 → 126.
    const row = only(summary(new GRU(2, 3, { batchFirst: true, bidirectional: true }), [4, 6, 2]));
    expect(row.outputShapes).toEqual([[4, 6, 6], [2, 4, 3]]);
    expect(row.parameters).toBe(126);
    expect(ops(row)).toEqual([2448, 2880, 432]);
  });

  it('RNN(3, 5, bias false) on unbatched [7, 3], and with dropout between 2 layers in training', () => {
    // Per step: 5·(3 + 5) = 40 mults, 5·(3 + 5 − 1) = 35 adds, 5 tanh; × 7 steps = 280, 245, 35.
    expect(ops(only(summary(new RNN(3, 5, { bias: false }), [7, 3])))).toEqual([280, 245, 35]);
    // Two layers with bias, dropout 0.5, training, on [7, 1, 3]:
    // layer 0 per step 40 mults, 5·(3 + 5 + 1) = 45 adds; layer 1 5·(5 + 5) = 50 mults, 5·11 = 55 adds;
    // dropout on layer 0's output 7·1·5 = 35 mults. mults 7·90 + 35 = 665, adds 7·100 = 700, tanh 70.
    expect(ops(only(summary(new RNN(3, 5, { numLayers: 2, dropout: 0.5 }), [7, 1, 3])))).toEqual([665, 700, 70]);
  });

  it('an LSTM with projSize projects every h_t', () => {
    // LSTM(3, 4, projSize 2) on [5, 1, 3]: the state h has 2 features.
    // Per step: gates 16·(3 + 2) = 80 mults, 16·(3 + 2 + 1) = 96 adds; cell 12 mults, 4 adds, 20 activations;
    // projection 2·4 = 8 mults, 2·3 = 6 adds. → 100 mults, 106 adds, ×5 = 500, 530, 100.
    const row = only(summary(new LSTM(3, 4, { projSize: 2 }), [5, 1, 3]));
    expect(row.outputShapes).toEqual([[5, 1, 2], [1, 1, 2], [1, 1, 4]]);
    expect(ops(row)).toEqual([500, 530, 100]);
  });

  it('cells count one step: RNNCell, LSTMCell, GRUCell on [2, 3] with hidden 4', () => {
    // RNNCell: 2·4·(3 + 4) = 56 mults, 2·4·(7 − 1 + 2) = 64 adds, 8 tanh.
    expect(ops(only(summary(new RNNCell(3, 4), [2, 3])))).toEqual([56, 64, 8]);
    // LSTMCell: 2·16·7 = 224 + 24 mults, 2·16·8 = 256 + 8 adds, 40 activations.
    expect(ops(only(summary(new LSTMCell(3, 4), [2, 3])))).toEqual([248, 264, 40]);
    // GRUCell: 2·12·7 = 168 + 16 mults, 2·12·8 = 192 + 16 adds, 24 activations.
    expect(ops(only(summary(new GRUCell(3, 4), [2, 3])))).toEqual([184, 208, 24]);
  });
});
