import { describe, expect, it } from 'vitest';
import { checkCase, opCases } from './runners.js';

/**
 * Cases where chainrule departs from PyTorch on purpose; each is checked for chainrule's own
 * behaviour instead.
 */
const DELIBERATE: Record<string, { why: string; check: (c: ReturnType<typeof opCases>[number]) => void }> = {
  // (var with N − correction ≤ 0 used to throw; it now returns inf/NaN as PyTorch, issue 10)
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
