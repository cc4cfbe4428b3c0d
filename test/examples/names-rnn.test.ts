/**
 * names-rnn in quick mode, plus checks of its data against hand derivations: the bigram tables
 * are distributions, sampled words follow them (empirical frequencies), and a batch's one-hot
 * letters [L, N, 16] hold exactly the words' letters in time-major order.
 */
import { expect, it } from 'vitest';
import type { Tensor } from 'chainrule';
import { runQuickExample } from './smoke.js';

interface Language {
  name: string;
  start: number[];
  next: number[][];
}
interface Word {
  word: number[];
  label: number;
}
interface NamesRnnModule {
  LETTERS: string;
  LANGUAGES: string[];
  makeLanguages(seed: number): Language[];
  sampleWords(languages: Language[], perLanguage: number, seed: number): Word[];
  logLikelihood(language: Language, word: number[]): number;
  lengthLoaders(data: Word[], batchSize: number, generator: null): unknown;
  epochBatches(source: unknown): Array<{ x: Tensor; y: Tensor }>;
}
const load = async (): Promise<NamesRnnModule> => {
  const path = '../../docs/examples/names-rnn.mjs';
  return (await import(path)) as NamesRnnModule;
};

it('names-rnn trains and draws in quick mode', async () => {
  const result = await runQuickExample('names-rnn');
  for (const row of result.rows) {
    expect(row['test accuracy']).toBeGreaterThanOrEqual(0);
    expect(row['test accuracy']).toBeLessThanOrEqual(1);
  }
  // The Bayes classifier knows the source: on its test words it beats chance (1/4) by far.
  const bayes = result.rows.find((row) => String(row.model).startsWith('Bayes'));
  expect(bayes!['test accuracy']).toBeGreaterThan(0.5);
}, 120_000);

it('each language is a start distribution and a row-stochastic bigram table; words follow it', async () => {
  const { makeLanguages, sampleWords, LETTERS, LANGUAGES } = await load();
  const languages = makeLanguages(2026);
  expect(languages.map((l) => l.name)).toEqual(LANGUAGES);
  for (const { start, next } of languages) {
    expect(start.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(next.length).toBe(LETTERS.length);
    for (const row of next) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  }
  // Empirical transition frequencies of 4000 words from letter 'a' (index 0) against the table.
  const language = languages[1]!;
  const words = sampleWords([language], 4000, 5);
  const counts = new Array<number>(LETTERS.length).fill(0);
  for (const { word, label } of words) {
    expect(label).toBe(0);
    expect(word.length).toBeGreaterThanOrEqual(3);
    expect(word.length).toBeLessThanOrEqual(8);
    for (let i = 1; i < word.length; i++) if (word[i - 1] === 0) counts[word[i]!]!++;
  }
  const n = counts.reduce((a, b) => a + b, 0);
  expect(n).toBeGreaterThan(500);
  // Binomial standard error ≤ 0.5/√n; allow 4.5 of them.
  counts.forEach((c, b) => expect(Math.abs(c / n - language.next[0]![b]!)).toBeLessThan(4.5 * 0.5 / Math.sqrt(n)));
});

it("a word's log-likelihood is log P(first) + Σ log P(next | previous)", async () => {
  const { makeLanguages, logLikelihood } = await load();
  const [language] = makeLanguages(7);
  const word = [3, 0, 3, 15];
  const expected = Math.log(language!.start[3]!) + Math.log(language!.next[3]![0]!) + Math.log(language!.next[0]![3]!) + Math.log(language!.next[3]![15]!);
  expect(logLikelihood(language!, word)).toBeCloseTo(expected, 12);
});

it('batches hold one-hot letters time-major, words of one length per batch, with their labels', async () => {
  const { lengthLoaders, epochBatches, LETTERS } = await load();
  const words: Word[] = [
    { word: [1, 2, 3], label: 0 },
    { word: [4, 5, 6, 7], label: 1 },
    { word: [15, 0, 9], label: 3 },
  ];
  const batches = epochBatches(lengthLoaders(words, 8, null));
  expect(batches.map((b) => b.x.shape)).toEqual([[3, 2, LETTERS.length], [4, 1, LETTERS.length]]);
  expect(batches[0]!.x.dtype).toBe('float32');
  expect(batches.map((b) => b.y.toArray())).toEqual([[0, 3], [1]]);
  const oneHot = (i: number) => Array.from({ length: LETTERS.length }, (_, k) => (k === i ? 1 : 0));
  expect(batches[0]!.x.toArray()).toEqual([
    [oneHot(1), oneHot(15)],
    [oneHot(2), oneHot(0)],
    [oneHot(3), oneHot(9)],
  ]);
  expect(batches[1]!.x.toArray()).toEqual([[oneHot(4)], [oneHot(5)], [oneHot(6)], [oneHot(7)]]);
});
