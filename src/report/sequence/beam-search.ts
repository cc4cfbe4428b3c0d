/**
 * Decoding a sequence model: exhaustive search, beam search and greedy decoding (beam search with
 * width 1). The model is a function from a prefix of token ids to log-probabilities of the next
 * token (a 1-D tensor over the vocabulary), so any chainrule model can be decoded.
 * @module
 */
import { ValueError, type Tensor } from 'chainrule';

/** Next-token log-probabilities given a prefix. */
export type NextTokenLogProbs = (prefix: readonly number[]) => Tensor;

/** A decoded sequence and its total log-probability. */
export interface Decoded {
  tokens: number[];
  logProb: number;
}

function scores(model: NextTokenLogProbs, prefix: readonly number[]): number[] {
  const out = model(prefix);
  if (out.ndim !== 1) throw new ValueError('beamSearch', `the model must return a 1-D tensor of log-probabilities, got shape [${out.shape.join(',')}]`);
  return out.toArray() as number[];
}

/**
 * Beam search: keeps the `beamWidth` best prefixes (by total log-probability) at every step, for
 * `length` steps. Ties are broken towards the lexicographically smaller sequence.
 */
export function beamSearch(model: NextTokenLogProbs, options: { beamWidth: number; length: number }): Decoded {
  const { beamWidth, length } = options;
  if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new ValueError('beamSearch', `beamWidth must be a positive integer, got ${beamWidth}`);
  if (!Number.isInteger(length) || length < 1) throw new ValueError('beamSearch', `length must be a positive integer, got ${length}`);
  let beam: Decoded[] = [{ tokens: [], logProb: 0 }];
  for (let step = 0; step < length; step++) {
    const candidates: Decoded[] = [];
    for (const hyp of beam) {
      scores(model, hyp.tokens).forEach((s, token) => candidates.push({ tokens: [...hyp.tokens, token], logProb: hyp.logProb + s }));
    }
    candidates.sort((a, b) => b.logProb - a.logProb || compareTokens(a.tokens, b.tokens));
    beam = candidates.slice(0, beamWidth);
  }
  return beam[0]!;
}

/** Greedy decoding: the most likely next token at every step (beam search with width 1). */
export function greedySearch(model: NextTokenLogProbs, options: { length: number }): Decoded {
  const tokens: number[] = [];
  let logProb = 0;
  for (let step = 0; step < options.length; step++) {
    const s = scores(model, tokens);
    let best = 0;
    for (let k = 1; k < s.length; k++) if (s[k]! > s[best]!) best = k;
    tokens.push(best);
    logProb += s[best]!;
  }
  return { tokens, logProb };
}

/** The most likely sequence of `length` tokens, by scoring every sequence (vocab^length of them). */
export function exhaustiveSearch(model: NextTokenLogProbs, options: { length: number }): Decoded {
  let best: Decoded | null = null;
  const stack: Decoded[] = [{ tokens: [], logProb: 0 }];
  while (stack.length > 0) {
    const hyp = stack.pop()!;
    if (hyp.tokens.length === options.length) {
      if (best === null || hyp.logProb > best.logProb || (hyp.logProb === best.logProb && compareTokens(hyp.tokens, best.tokens) < 0)) best = hyp;
      continue;
    }
    scores(model, hyp.tokens).forEach((s, token) => stack.push({ tokens: [...hyp.tokens, token], logProb: hyp.logProb + s }));
  }
  return best!;
}

function compareTokens(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
