/**
 * From `loss.backward()` to the body of a VJP is a handful of stack frames, so stepping into the
 * backward pass in a debugger reaches the op's math quickly (issue 9: at most 6, counting both
 * ends). A probe op, recorded with `record` exactly as the built-in ops are, captures the stack
 * inside its VJP; the count runs from the probe's frame up to the `backward` call that started it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { record } from '../../src/autograd/node.js';
import { detectAnomaly, gradients, isGradEnabled, tensor, type Tensor } from '../../src/index.js';

let captured: string[] = [];

// d probe = g (an identity op whose VJP records the stack it runs on)
function probeVjp(g: Tensor): Tensor[] {
  captured = (new Error().stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  return [g];
}

function probe(x: Tensor): Tensor {
  return record('ProbeBackward', x.mul(1), [x], probeVjp);
}

/** The frames from the VJP (first) to the first frame whose text matches `entry` (last), both included. */
function framesUpTo(entry: RegExp): string[] {
  const end = captured.findIndex((line) => entry.test(line));
  expect(end, `no frame matches ${entry} in:\n${captured.join('\n')}`).toBeGreaterThanOrEqual(0);
  return captured.slice(0, end + 1).map((line) => line.trim().split(' ')[1]!);
}

const limit = Error.stackTraceLimit;
afterEach(() => {
  Error.stackTraceLimit = limit;
  captured = [];
});

describe('stack depth from backward to a VJP', () => {
  it('loss.backward() reaches the VJP body in at most 6 frames', () => {
    Error.stackTraceLimit = 100;
    const x = tensor([1, 2], { requiresGrad: true });
    probe(x.tanh()).sum().backward();
    const frames = framesUpTo(/\bTensor\.backward\b/);
    expect(frames[0]).toMatch(/probeVjp/);
    expect(frames.length, frames.join(' ← ')).toBeLessThanOrEqual(6);
  });

  it('stays that short with createGraph and in anomaly mode (no mode-setting wrappers)', () => {
    Error.stackTraceLimit = 100;
    const x = tensor([1, 2], { requiresGrad: true });
    detectAnomaly(() => probe(x.tanh()).sum().backward(undefined, { createGraph: true }));
    const frames = framesUpTo(/\bTensor\.backward\b/);
    expect(frames.length, frames.join(' ← ')).toBeLessThanOrEqual(6);
  });

  it('gradients() reaches the VJP body in at most 6 frames too', () => {
    Error.stackTraceLimit = 100;
    const x = tensor([1, 2], { requiresGrad: true });
    gradients(probe(x).sum(), [x]);
    const frames = framesUpTo(/\bgradients\b/);
    expect(frames.length, frames.join(' ← ')).toBeLessThanOrEqual(6);
  });

  it('a VJP that throws leaves grad mode and the forward checks as they were', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    // d failing = nothing: the VJP throws
    const failingVjp = (): Tensor[] => {
      throw new Error('VJP failed');
    };
    const y = record('FailingBackward', x.mul(1), [x], failingVjp);
    expect(() => y.sum().backward()).toThrow('VJP failed');
    expect(isGradEnabled()).toBe(true);
    // the forward checks are back on: anomaly mode catches a NaN made by a forward op again
    expect(() => detectAnomaly(() => tensor([-1]).log().sqrt().add(tensor([0], { requiresGrad: true })))).toThrow(/anomaly mode/);
  });
});
