/**
 * setNumThreads / getNumThreads: torch.set_num_threads semantics (default = the machine's cores,
 * or CHAINRULE_THREADS), a clear ValueError for anything but an integer from 1 to 256, and the
 * public entry point.
 */
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import * as chainrule from '../../../src/index.js';
import { ValueError } from '../../../src/errors.js';
import { getNumThreads, setNumThreads } from '../../../src/backend/threads/settings.js';

const initial = getNumThreads();
afterEach(() => setNumThreads(initial));

describe('setNumThreads / getNumThreads', () => {
  it('defaults to the available cores (or CHAINRULE_THREADS when set)', () => {
    const env = process.env.CHAINRULE_THREADS;
    expect(initial).toBe(env === undefined || env === '' ? availableParallelism() : Number(env));
  });

  it('reads back what was set', () => {
    for (const n of [1, 2, 3, 4, 256]) {
      setNumThreads(n);
      expect(getNumThreads()).toBe(n);
    }
  });

  it.each([0, -1, 1.5, NaN, Infinity, 257])('rejects %s with a ValueError naming setNumThreads and the value', (n) => {
    setNumThreads(2);
    expect(() => setNumThreads(n)).toThrow(ValueError);
    expect(() => setNumThreads(n)).toThrow(`setNumThreads: threads must be an integer from 1 to 256, got ${n}`);
    expect(getNumThreads()).toBe(2);
  });

  it('rejects a non-number, naming its type', () => {
    expect(() => setNumThreads('2' as unknown as number)).toThrow('setNumThreads: threads must be an integer from 1 to 256, got string');
  });

  it('is exported from chainrule', () => {
    expect(chainrule.setNumThreads).toBe(setNumThreads);
    expect(chainrule.getNumThreads).toBe(getNumThreads);
  });
});
