/**
 * round keeps PyTorch's signs of zero: round(−0.5) = −0, round(−0.04, decimals 1) = −0, round(−5,
 * decimals −1) = −0, and halves go to even at every `decimals`, float64 and float32, against
 * torch.round (test/fixtures/parity_s19.json, from generate_parity_s19.py; JSON.parse reads −0.0
 * back as −0, so Object.is tells the zeros apart).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { round, tensor, type DType } from '../../src/index.js';

const cases = (
  JSON.parse(readFileSync(new URL('../fixtures/parity_s19.json', import.meta.url), 'utf8')) as {
    round: { dtype: DType; decimals: number; input: number[]; output: number[] }[];
  }
).round;

describe('round against torch.round, signed zeros included', () => {
  it('the fixture has negative zeros to tell apart', () => {
    expect(cases[0]!.output.some((v) => Object.is(v, -0))).toBe(true);
  });
  for (const c of cases) {
    it(`${c.dtype}, decimals ${c.decimals}`, () => {
      const got = Array.from(round(tensor(c.input, { dtype: c.dtype }), { decimals: c.decimals }).toTypedArray());
      got.forEach((v, i) => expect(Object.is(v, c.output[i]), `round(${c.input[i]}) = ${Object.is(v, -0) ? '-0' : v}, PyTorch gives ${Object.is(c.output[i], -0) ? '-0' : c.output[i]}`).toBe(true));
      // the Tensor method and a large tensor (another kernel path on wasm) agree
      const big = tensor(Array.from({ length: 4096 }, (_, i) => c.input[i % c.input.length]!), { dtype: c.dtype }).round({ decimals: c.decimals });
      Array.from(big.toTypedArray()).forEach((v, i) => expect(Object.is(v, c.output[i % c.output.length])).toBe(true));
    });
  }
});
