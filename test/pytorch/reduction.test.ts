import { describe, expect, it } from 'vitest';
import { ValueError } from '../../src/index.js';
import { buildInputs, checkCase, opCases, runOp } from './runners.js';

/**
 * Cases where chainrule departs from PyTorch on purpose; each is checked for chainrule's own
 * behaviour instead.
 */
const DELIBERATE: Record<string, { why: string; check: (c: ReturnType<typeof opCases>[number]) => void }> = {
  'var correction 2 over 2 elements (PyTorch: inf/nan)': {
    // PyTorch divides by N − correction = 0 and returns inf (and ±inf gradients); chainrule
    // refuses to, naming the op, the correction and the shape.
    why: 'var with N − correction ≤ 0 throws instead of returning inf/NaN',
    check: (c) => {
      const { operands } = buildInputs(c);
      expect(() => runOp(c, operands)).toThrow(ValueError);
      expect(() => runOp(c, operands)).toThrow(/var: needs more than correction=2 elements over dims \[1\] of shape \[3,2\], got 2/);
    },
  },
};

describe('PyTorch fixtures: reduction', () => {
  for (const c of opCases('reduction')) {
    const deviation = DELIBERATE[c.name];
    if (deviation) it(`${c.name} — deliberate deviation: ${deviation.why}`, () => deviation.check(c));
    else it(c.name, () => checkCase(c));
  }
  it('every deliberate deviation names an existing fixture case', () => {
    const names = new Set(opCases('reduction').map((c) => c.name));
    for (const name of Object.keys(DELIBERATE)) expect(names.has(name), name).toBe(true);
  });
});
