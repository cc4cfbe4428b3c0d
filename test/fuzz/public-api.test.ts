/**
 * Issue 12, item 7: the hand-written list of the previous session (entries.ts: the core ops with
 * their usual arities, function and method forms) under fast-check, with the assertions of
 * harness.ts. functions.test.ts covers the rest of the surface, enumerated from the entry points.
 */
import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import { anyArg, anyTensor } from './arbitraries.js';
import { ENTRIES } from './entries.js';
import { type Entry, fuzz } from './harness.js';

function argumentsOf(entry: Entry): fc.Arbitrary<unknown[]> {
  const rest = Array.from({ length: entry.arity - (entry.self ? 1 : 0) }, () => anyArg);
  return entry.self ? fc.tuple(anyTensor, ...rest) : fc.tuple(...rest);
}

describe('fuzz: the public API answers every call with a result or a chainrule error naming the op', () => {
  it(`${ENTRIES.length} entry points, random bad shapes, dtypes, values, option objects and argument types`, () => fuzz(ENTRIES, argumentsOf, 36000, 12));
});
