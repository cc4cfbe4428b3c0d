/**
 * Issue 12 item 7 over the WHOLE public surface, enumerated from the entry points (surface.ts):
 * every exported function and class (constructed) and every Tensor method, called with generated
 * arguments, with the assertions of harness.ts. Names on NOT_FUZZED are skipped (each has a reason).
 */
import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import { anyArgOrFn, anyTensor } from './arbitraries.js';
import { type Any, type Entry, fuzz } from './harness.js';
import { FINITE, NOT_FUZZED, arityOf, publicNames, tensorMethods } from './surface.js';
import { Tensor } from '../../src/index.js';

function functionEntries(): Entry[] {
  return publicNames()
    .filter((p) => !(p.name in NOT_FUZZED))
    .map((p) => ({
      op: p.bare,
      arity: arityOf(p.name, p.value),
      call: p.isClass ? (...a: Any[]) => new p.value(...a) : (...a: Any[]) => p.value(...a),
      alsoNamed: [p.name],
      finite: FINITE.has(p.bare),
      // init.*_ fill their tensor argument; clipGrad* scale .grad (not the values).
      mutates: p.bare.endsWith('_'),
    }));
}

function methodEntries(): Entry[] {
  const proto = Tensor.prototype as Any;
  return tensorMethods().map((m) => ({
    op: m,
    arity: arityOf(`Tensor.${m}`, proto[m]),
    self: true,
    call: (x: Any, ...a: Any[]) => x[m](...a),
    alsoNamed: [`Tensor.${m}`],
    finite: FINITE.has(m),
    inPlace: m.endsWith('_') || m === 'backward' || m === 'retainGrad',
  }));
}

const argumentsOf = (entry: Entry): fc.Arbitrary<unknown[]> => {
  const rest = fc.integer({ min: 0, max: entry.arity - (entry.self ? 1 : 0) }).chain((n) => fc.tuple(...Array.from({ length: n }, () => anyArgOrFn)));
  return entry.self ? fc.tuple(anyTensor, rest).map(([x, r]) => [x, ...r]) : rest;
};

describe('fuzz: every public function, class and Tensor method', () => {
  const functions = functionEntries();
  const methods = methodEntries();
  it(`${functions.length} exported functions and classes`, () => fuzz(functions, argumentsOf, 40000, 1201));
  it(`${methods.length} Tensor methods`, () => fuzz(methods, argumentsOf, 20000, 1202));
});
