/**
 * Checks added for what the fuzz found on seeds 37 and up (session 17), and for the PyTorch
 * behaviour of common ops checked by hand beside it. Each expected error text was written by hand
 * from the contract: the error names the op the user called, the argument and its shape or value.
 */
import { describe, expect, it } from 'vitest';
import * as cr from '../../src/index.js';

const { tensor, zeros } = cr;
const i32 = (v: number[]) => tensor(v, { dtype: 'int32' });

describe('fuzz finds of session 17', () => {
  it('indexFill and indexFill_ name themselves for a value tensor that is not 0-d (fuzz seed 49)', () => {
    const x = zeros([2, 2]);
    expect(() => cr.indexFill(x, 1, i32([0]), zeros([1, 1]))).toThrow(/^indexFill: value must be a number or a 0-d tensor, got shape \[1,1\]$/);
    expect(() => x.indexFill_(1, i32([0]), zeros([2]))).toThrow(/^indexFill_: value must be a number or a 0-d tensor, got shape \[2\]$/);
    expect(x.toArray()).toEqual([[0, 0], [0, 0]]);
    expect(x.versionCounter.value).toBe(0);
    expect(cr.indexFill(x, 1, i32([1]), tensor(7)).toArray()).toEqual([[0, 7], [0, 7]]);
  });
});
