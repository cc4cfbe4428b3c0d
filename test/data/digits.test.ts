/**
 * syntheticDigits moved from src/report/data/digits.ts to chainrule/data with the same output
 * bits: SHA-256 of the inputs' float32 bytes and the labels' int32 bytes against checksums taken
 * from the old code before the move (test/fixtures/digits_checksum.json), plus the documented
 * shape, label order and value range, and errors.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { syntheticDigits } from '../../src/data/index.js';

interface ChecksumCase {
  perClass: number;
  seed: number;
  inputsShape: number[];
  inputsSha256: string;
  labelsSha256: string;
  firstInputs: number[];
}
const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/digits_checksum.json', import.meta.url), 'utf8')) as { cases: ChecksumCase[] };

const sha256 = (a: ArrayBufferView): string => createHash('sha256').update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)).digest('hex');

describe('syntheticDigits', () => {
  it('has the fixture cases (the check below is not vacuous)', () => {
    expect(FIXTURE.cases.length).toBe(5);
  });

  it.each(FIXTURE.cases.map((c) => [c.perClass, c.seed, c] as const))('perClass %i, seed %i: bit-identical to the old report generator', (perClass, seed, c) => {
    const { inputs, labels } = syntheticDigits(perClass, { seed });
    expect(inputs.shape).toEqual(c.inputsShape);
    expect(inputs.dtype).toBe('float32');
    expect(labels.dtype).toBe('int32');
    expect(Array.from(inputs.toTypedArray().slice(0, 3))).toEqual(c.firstInputs);
    expect(sha256(inputs.toTypedArray())).toBe(c.inputsSha256);
    expect(sha256(labels.toTypedArray())).toBe(c.labelsSha256);
  });

  it('labels come in rounds of 0..9; pixels are noise around 0 or a stroke intensity in [0.6, 1)', () => {
    const { inputs, labels } = syntheticDigits(3, { seed: 5 });
    expect(Array.from(labels.toTypedArray())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const x = Array.from(inputs.toTypedArray());
    // off pixels are 0.2·N(0,1), on pixels [0.6, 1) + 0.2·N(0,1): all within 7.5σ of 0 or 1
    expect(Math.min(...x)).toBeGreaterThan(-1.5);
    expect(Math.max(...x)).toBeLessThan(2.5);
  });

  it('seed defaults to 0; perClass 0 gives empty tensors', () => {
    expect(Array.from(syntheticDigits(1).inputs.toTypedArray())).toEqual(Array.from(syntheticDigits(1, { seed: 0 }).inputs.toTypedArray()));
    const empty = syntheticDigits(0);
    expect([empty.inputs.shape, empty.labels.shape]).toEqual([[0, 64], [0]]);
  });

  it('refuses bad arguments, naming syntheticDigits', () => {
    expect(() => syntheticDigits(-1)).toThrow(/^syntheticDigits: perClass must be at least 0, got -1/);
    expect(() => syntheticDigits(1.5)).toThrow(/^syntheticDigits: perClass must be an integer/);
    expect(() => syntheticDigits(1, { seed: 0.5 })).toThrow(/^syntheticDigits: seed must be an integer/);
    expect(() => syntheticDigits(1, { Seed: 1 } as object)).toThrow(/unknown option 'Seed' \(did you mean 'seed'\?\)/);
    expect(() => syntheticDigits(1, 4 as unknown as object)).toThrow(/^syntheticDigits: options must be an object, got 4/);
    expect(() => syntheticDigits(1e6)).toThrow(/^syntheticDigits: .*MAX_ELEMENTS/);
  });
});
