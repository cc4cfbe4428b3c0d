/**
 * L-BFGS, following PyTorch 1.13's `torch.optim.LBFGS` without a line search (its default):
 * each `step(closure)` runs up to `maxIter` iterations, re-evaluating the loss through the closure.
 * @module
 */
import { enableGrad, noGrad } from '../autograd/grad-mode.js';
import { ValueError } from '../errors.js';
import { formatValue } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';
import { Optimizer, type ParamsInput } from './optimizer.js';
import { checkInteger, checkNonNegative, rejectUnknownKeys } from './validate.js';

/** Options of {@link LBFGS} (PyTorch's keyword arguments, camelCase). */
export interface LBFGSOptions {
  /** Step length (default 1). */
  lr: number;
  /** Iterations per step() (default 20). */
  maxIter: number;
  /** Closure evaluations per step() (default maxIter · 5/4, rounded down). */
  maxEval: number;
  /** Stop when max |gradient| ≤ this (default 1e-7). */
  toleranceGrad: number;
  /** Stop when the step or the loss changes by less than this (default 1e-9). */
  toleranceChange: number;
  /** Curvature pairs kept (default 100). */
  historySize: number;
  /** Only null (PyTorch's default, a fixed step); 'strong_wolfe' is not supported. */
  lineSearchFn: null;
}

const KEYS = ['lr', 'maxIter', 'maxEval', 'toleranceGrad', 'toleranceChange', 'historySize', 'lineSearchFn'];

const dot = (a: Float64Array, b: Float64Array): number => a.reduce((s, v, i) => s + v * b[i]!, 0);
const maxAbs = (a: Float64Array): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * L-BFGS with PyTorch 1.13's iteration, stopping rules and defaults. One parameter group; the
 * closure clears the gradients, computes the loss, calls backward and returns the loss. The vector
 * arithmetic is in float64 (PyTorch's is in the parameters' dtype); the curvature history lives on
 * the optimizer and is not part of stateDict().
 *
 * ```ts
 * const opt = new LBFGS([x]);
 * opt.step(() => { opt.zeroGrad(); const loss = f(x); loss.backward(); return loss; });
 * ```
 */
export class LBFGS extends Optimizer<LBFGSOptions> {
  private readonly params: Tensor[];
  private memory = {
    d: null as Float64Array | null,
    t: 0,
    oldDirs: [] as Float64Array[],
    oldSteps: [] as Float64Array[],
    ro: [] as number[],
    hDiag: 1,
    prevFlatGrad: null as Float64Array | null,
    prevLoss: 0,
    nIter: 0,
    funcEvals: 0,
  };

  constructor(params: ParamsInput<LBFGSOptions>, options: Partial<LBFGSOptions> = {}) {
    rejectUnknownKeys('LBFGS', options, KEYS, 'options');
    const maxIter = options.maxIter ?? 20;
    super('LBFGS', params, {
      lr: options.lr ?? 1,
      maxIter,
      maxEval: options.maxEval ?? Math.floor((maxIter * 5) / 4),
      toleranceGrad: options.toleranceGrad ?? 1e-7,
      toleranceChange: options.toleranceChange ?? 1e-9,
      historySize: options.historySize ?? 100,
      lineSearchFn: options.lineSearchFn ?? null,
    });
    if (this.paramGroups.length !== 1) throw new ValueError('LBFGS', "LBFGS doesn't support per-parameter options (parameter groups), as PyTorch's");
    this.params = this.paramGroups[0]!.params;
  }

  protected checkOptions(o: LBFGSOptions, where: string): void {
    checkNonNegative('LBFGS', 'lr', o.lr, where);
    checkInteger('LBFGS', 'maxIter', o.maxIter, 1, where);
    checkInteger('LBFGS', 'maxEval', o.maxEval, 1, where);
    checkNonNegative('LBFGS', 'toleranceGrad', o.toleranceGrad, where);
    checkNonNegative('LBFGS', 'toleranceChange', o.toleranceChange, where);
    checkInteger('LBFGS', 'historySize', o.historySize, 1, where);
    if (o.lineSearchFn !== null) throw new ValueError('LBFGS', `lineSearchFn: only null (a fixed step) is supported, got ${formatValue(o.lineSearchFn)} (${where})`);
  }

  protected updateParam(): void {
    throw new ValueError('LBFGS', 'LBFGS updates all parameters together in step(closure)');
  }

  /** The gradients of all parameters as one float64 vector (zeros for a parameter without one). */
  private flatGrad(): Float64Array {
    const out = new Float64Array(this.params.reduce((n, p) => n + p.numel(), 0));
    let at = 0;
    for (const p of this.params) {
      if (p.grad !== null) out.set(p.grad.contiguous().toTypedArray() as Float32Array | Float64Array, at);
      at += p.numel();
    }
    return out;
  }

  /** θ ← θ + t·d, parameter by parameter in their dtype (PyTorch's _add_grad). */
  private addDirection(t: number, d: Float64Array): void {
    let at = 0;
    noGrad(() => {
      for (const p of this.params) {
        p.add_(tensor(d.subarray(at, at + p.numel()), { dtype: p.dtype }).reshape(p.shape), t);
        at += p.numel();
      }
    });
  }

  /** Runs up to maxIter L-BFGS iterations; returns the loss of the closure's first evaluation. */
  override step(closure?: () => Tensor): Tensor {
    if (typeof closure !== 'function') {
      throw new ValueError('LBFGS.step', 'LBFGS needs a closure that clears the gradients, computes the loss, calls backward and returns the loss');
    }
    const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize } = this.paramGroups[0]!;
    const m = this.memory;
    const evaluate = (): Tensor => {
      const loss = enableGrad(closure);
      if (!(loss instanceof Tensor)) throw new ValueError('LBFGS.step', `the closure must return the loss tensor, got ${formatValue(loss)}`);
      return loss;
    };
    const origLoss = evaluate();
    let loss = origLoss.item();
    let currentEvals = 1;
    m.funcEvals++;
    let flatGrad = this.flatGrad();
    let optCond = maxAbs(flatGrad) <= toleranceGrad;
    if (optCond) return origLoss;
    let nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      m.nIter++;
      if (m.nIter === 1) {
        m.d = flatGrad.map((v) => -v);
        m.oldDirs = [];
        m.oldSteps = [];
        m.ro = [];
        m.hDiag = 1;
      } else {
        // the curvature pair of the last step, kept when it is positive enough
        const y = flatGrad.map((v, i) => v - m.prevFlatGrad![i]!);
        const s = m.d!.map((v) => v * m.t);
        const ys = dot(y, s);
        if (ys > 1e-10) {
          if (m.oldDirs.length === historySize) {
            m.oldDirs.shift();
            m.oldSteps.shift();
            m.ro.shift();
          }
          m.oldDirs.push(y);
          m.oldSteps.push(s);
          m.ro.push(1 / ys);
          m.hDiag = ys / dot(y, y);
        }
        // two-loop recursion: d = −H·g
        const al = new Array<number>(m.oldDirs.length);
        const q = flatGrad.map((v) => -v);
        for (let i = m.oldDirs.length - 1; i >= 0; i--) {
          al[i] = dot(m.oldSteps[i]!, q) * m.ro[i]!;
          q.forEach((v, k) => (q[k] = v - al[i]! * m.oldDirs[i]![k]!));
        }
        const r = q.map((v) => v * m.hDiag);
        for (let i = 0; i < m.oldDirs.length; i++) {
          const be = dot(m.oldDirs[i]!, r) * m.ro[i]!;
          r.forEach((v, k) => (r[k] = v + (al[i]! - be) * m.oldSteps[i]![k]!));
        }
        m.d = r;
      }
      m.prevFlatGrad = flatGrad.slice();
      m.prevLoss = loss;
      m.t = m.nIter === 1 ? Math.min(1, 1 / flatGrad.reduce((a, v) => a + Math.abs(v), 0)) * lr : lr;
      if (dot(flatGrad, m.d) > -toleranceChange) break; // not a descent direction
      let evals = 0;
      this.addDirection(m.t, m.d);
      if (nIter !== maxIter) {
        loss = evaluate().item();
        flatGrad = this.flatGrad();
        optCond = maxAbs(flatGrad) <= toleranceGrad;
        evals = 1;
      }
      currentEvals += evals;
      m.funcEvals += evals;
      if (nIter === maxIter || currentEvals >= maxEval || optCond) break;
      if (maxAbs(m.d) * Math.abs(m.t) <= toleranceChange) break;
      if (Math.abs(loss - m.prevLoss) < toleranceChange) break;
    }
    return origLoss;
  }
}
