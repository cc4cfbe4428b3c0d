/**
 * Names registered with registerParameter / registerBuffer / registerModule read as properties,
 * as PyTorch's `__getattr__` gives them: `lstm.weight_hh_l0`, `bn.running_mean`.
 */
import { describe, expect, it } from 'vitest';
import { zeros } from '../../../src/index.js';
import { LSTM, Linear, Module } from '../../../src/nn/index.js';

describe('registered names read as properties', () => {
  it("nn.LSTM's PyTorch-named parameters", () => {
    const lstm = new LSTM(3, 4) as LSTM & Record<string, unknown>;
    const named = new Map(lstm.namedParameters());
    expect(lstm.weight_hh_l0).toBe(named.get('weight_hh_l0'));
    expect(lstm.bias_ih_l0).toBe(named.get('bias_ih_l0'));
    expect(lstm.no_such_name).toBeUndefined();
  });

  it('parameters, buffers and submodules registered by name in a user module', () => {
    class Cell extends Module {
      constructor() {
        super();
        this.registerParameter('w_raw', zeros([2]));
        this.registerBuffer('count_seen', zeros([1]));
        this.registerModule('head_layer', new Linear(2, 1));
      }
      forward(): undefined {
        return undefined;
      }
    }
    const cell = new Cell() as Cell & Record<string, unknown>;
    expect(cell.w_raw).toBe(new Map(cell.namedParameters()).get('w_raw'));
    expect(cell.count_seen).toBe(new Map(cell.namedBuffers()).get('count_seen'));
    expect(cell.head_layer).toBeInstanceOf(Linear);
  });
});
