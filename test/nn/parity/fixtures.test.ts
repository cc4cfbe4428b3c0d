/**
 * issue 10's nn.functional ops against PyTorch 1.13 in float64 (test/fixtures/nn_parity.json):
 * forward values, the gradients of every float input, and running statistics updated in place.
 */
import { describe, expect, it } from 'vitest';
import type { Tensor } from '../../../src/index.js';
import { functional as F } from '../../../src/nn/index.js';
import { expectMatches, fromFixture } from '../core/support.js';
import { decodeOptions, loadParityCases, type ParityCase } from './support.js';

type Call = (inputs: Tensor[], args: unknown[], options: Record<string, unknown>) => Tensor;

/** How each fixture's fn is called in chainrule. */
const CALLS: Record<string, Call> = {
  normalize: ([x], _a, o) => F.normalize(x!, o),
  cosineSimilarity: ([a, b], _a, o) => F.cosineSimilarity(a!, b!, o),
  pairwiseDistance: ([a, b], _a, o) => F.pairwiseDistance(a!, b!, o),
  oneHot: ([x], args) => F.oneHot(x!, args[0] as number | undefined),
  interpolate: ([x], _a, o) => F.interpolate(x!, o),
  pixelShuffle: ([x], args) => F.pixelShuffle(x!, args[0] as number),
  pixelUnshuffle: ([x], args) => F.pixelUnshuffle(x!, args[0] as number),
  groupNorm: ([x, weight, bias], args, o) => F.groupNorm(x!, args[0] as number, { ...o, weight, bias }),
  // args name the options that inputs 1, 2, … fill (runningMean, runningVar, weight, bias)
  instanceNorm: ([x, ...rest], args, o) => F.instanceNorm(x!, { ...o, ...Object.fromEntries((args as string[]).map((k, i) => [k, rest[i]])) }),
  rmsNorm: ([x, weight], args, o) => F.rmsNorm(x!, args[0] as number[], { ...o, weight }),
  l1Loss: ([a, b], _a, o) => F.l1Loss(a!, b!, o),
  smoothL1Loss: ([a, b], _a, o) => F.smoothL1Loss(a!, b!, o),
  huberLoss: ([a, b], _a, o) => F.huberLoss(a!, b!, o),
  klDiv: ([a, b], _a, o) => F.klDiv(a!, b!, o),
  tripletMarginLoss: ([a, p, n], _a, o) => F.tripletMarginLoss(a!, p!, n!, o),
  conv3d: ([x, w, b], _a, o) => F.conv3d(x!, w!, b ?? null, o),
  convTranspose3d: ([x, w, b], _a, o) => F.convTranspose3d(x!, w!, b ?? null, o),
  maxPool3d: ([x], args, o) => F.maxPool3d(x!, args[0] as number, o),
  avgPool3d: ([x], args, o) => F.avgPool3d(x!, args[0] as number, o),
  adaptiveMaxPool1d: ([x], args) => F.adaptiveMaxPool1d(x!, args[0] as number),
  'adaptiveMaxPool1d indices': ([x], args) => F.adaptiveMaxPool1d(x!, args[0] as number, { returnIndices: true }).indices,
  adaptiveMaxPool2d: ([x], args) => F.adaptiveMaxPool2d(x!, args[0] as number),
  'adaptiveMaxPool2d indices': ([x], args) => F.adaptiveMaxPool2d(x!, args[0] as number[], { returnIndices: true }).indices,
  maxUnpool1d: ([v, i], args, o) => F.maxUnpool1d(v!, i!, args[0] as number, o),
  maxUnpool2d: ([v, i], args, o) => F.maxUnpool2d(v!, i!, args[0] as number, o),
};

function run(c: ParityCase): void {
  const call = CALLS[c.fn];
  if (!call) throw new Error(`no chainrule call for fixture fn ${c.fn}`);
  const inputs = c.inputs.map((t, i) => {
    const x = fromFixture(t);
    return (c.float32 ? x.to('float32') : x).requiresGrad_(c.grad.includes(i));
  });
  const out = call(inputs, c.args, decodeOptions(c.options));
  if (c.float32) expect(out.dtype).toBe('float32');
  expectMatches(out, c.output, `${c.name}: output`, c.float32 ? 1e-6 : 1e-12, c.float32 ? 1e-6 : 1e-10);
  if (c.output.dtype === 'int32') expect(out.dtype).toBe('int32');
  for (const [i, want] of Object.entries(c.after)) expectMatches(inputs[Number(i)]!, want, `${c.name}: input ${i} after the call`);
  if (!c.gradOutput || !c.inputGrads) return;
  out.mul(fromFixture(c.gradOutput).to(out.dtype)).sum().backward();
  c.inputGrads.forEach((want, i) => {
    if (want) expectMatches(inputs[i]!.grad, want, `${c.name}: gradient of input ${i}`, c.float32 ? 1e-5 : 1e-12, c.float32 ? 1e-5 : 1e-10);
  });
}

const { torch, cases } = loadParityCases();

describe(`nn.functional parity with PyTorch ${torch} (float64)`, () => {
  it('has cases for every function', () => {
    expect(new Set(cases.map((c) => c.fn))).toEqual(new Set(Object.keys(CALLS)));
  });
  for (const c of cases) {
    it(c.name, () => run(c));
  }
});
