/**
 * printGraph / toDot: op names, VJP names, input shapes, saved tensors, leaf names; a node
 * reached twice is printed once and referenced afterwards.
 */
import { describe, expect, it } from 'vitest';
import { printGraph, toDot, type Tensor } from '../../src/index.js';
import { f64 } from './support.js';

/** y = Σ (w ⊙ x + w), with w used twice. */
function graph(): { w: Tensor; x: Tensor; y: Tensor } {
  const w = f64([1, 2], true);
  const x = f64([3, 4], true);
  w.name = 'w';
  x.name = 'x';
  const y = w.mul(x).add(w).sum();
  y.name = 'y';
  return { w, x, y };
}

describe('printGraph', () => {
  it('prints the tree in input order, numbering nodes depth-first; the shared leaf once', () => {
    const { y } = graph();
    expect(printGraph(y)).toBe(
      [
        'y [] float64',
        '└─ #0 SumBackward  vjp=sumVjp  in: [2]',
        '   └─ #1 AddBackward  vjp=addVjp  in: [2] [2]',
        '      ├─ #2 MulBackward  vjp=mulVjp  in: [2] [2]  saved: [2] [2]',
        '      │  ├─ #3 AccumulateGrad → w [2] float64',
        '      │  └─ #4 AccumulateGrad → x [2] float64',
        '      └─ #3 AccumulateGrad (see above)',
      ].join('\n'),
    );
  });

  it('shows freed buffers after backward', () => {
    const { y } = graph();
    y.backward();
    expect(printGraph(y)).toContain('MulBackward  vjp=mulVjp  in: [2] [2]  saved: 2 freed');
  });

  it('unnamed tensors print as leaf / tensor; a tensor without graph says so', () => {
    const a = f64([1], true);
    const text = printGraph(a.exp());
    expect(text).toContain('tensor [1] float64');
    expect(text).toContain('AccumulateGrad → leaf [1] float64');
    expect(printGraph(f64([1, 2]))).toBe('tensor [2] float64 (does not require grad: no graph)');
  });

  it('a shared intermediate node is printed once', () => {
    const x = f64([1], true);
    const t = x.tanh();
    const text = printGraph(t.mul(t));
    expect(text.match(/TanhBackward {2}vjp=tanhVjp/g)).toHaveLength(1);
    expect(text).toContain('TanhBackward (see above)');
  });
});

describe('toDot', () => {
  it('declares every node once, with op, vjp and leaf names, and one edge per input', () => {
    const { y } = graph();
    const dot = toDot(y);
    expect(dot.startsWith('digraph chainrule {')).toBe(true);
    expect(dot.trimEnd().endsWith('}')).toBe(true);
    expect(dot).toContain('label="y []"');
    expect(dot).toContain('SumBackward\\nsumVjp');
    expect(dot).toContain('AddBackward\\naddVjp');
    expect(dot).toContain('MulBackward\\nmulVjp\\nsaved: [2] [2]');
    const declarations = dot.split('\n').filter((l) => /^ {2}n\d+ \[/.test(l));
    expect(declarations).toHaveLength(5); // Sum, Add, Mul, w, x
    expect(declarations.filter((l) => l.includes('label="w [2] float64"'))).toHaveLength(1);
    // w's node (#3) has two incoming edges: from MulBackward (input 0) and AddBackward (input 1)
    expect(dot).toContain('n2 -> n3 [label="0"];');
    expect(dot).toContain('n1 -> n3 [label="1"];');
    expect(dot.split('\n').filter((l) => l.includes('-> n3 '))).toHaveLength(2);
  });

  it('escapes quotes in names and draws only the output for a tensor without graph', () => {
    const a = f64([1]);
    a.name = 'say "hi"';
    const dot = toDot(a);
    expect(dot).toContain('label="say \\"hi\\" [1]"');
    expect(dot).not.toContain('->');
  });
});
