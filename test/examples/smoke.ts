/**
 * The examples' smoke test (issue 13): each example runs in quick mode (a few steps, small data),
 * and must train (every loop's loss falls) and write well-formed SVG figures.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';

interface TrainingRun {
  label: string;
  firstLoss: number;
  lastLoss: number;
}
interface ExampleResult {
  rows: Array<Record<string, string | number | boolean>>;
  figures: string[];
  runs: TrainingRun[];
}

/** Runs docs/examples/<name>.mjs in quick mode and checks it trained and drew; returns its result. */
export async function runQuickExample(name: string): Promise<ExampleResult> {
  const figuresDir = mkdtempSync(join(tmpdir(), `chainrule-example-${name}-`));
  try {
    const example = (await import(`../../docs/examples/${name}.mjs`)) as {
      title: string;
      run(options: { quick: boolean; figuresDir: string; quiet: boolean }): Promise<ExampleResult>;
    };
    expect(example.title.length).toBeGreaterThan(0);
    const result = await example.run({ quick: true, figuresDir, quiet: true });
    expect(result.rows.length).toBeGreaterThan(0);
    for (const run of result.runs) {
      expect(Number.isFinite(run.firstLoss) && Number.isFinite(run.lastLoss), `${run.label}: finite losses`).toBe(true);
      expect(run.lastLoss, `${run.label}: the loss falls`).toBeLessThan(run.firstLoss);
    }
    expect(result.figures.length).toBeGreaterThan(0);
    for (const figure of result.figures) expectWellFormedSvg(readFileSync(figure, 'utf8'), figure);
    return result;
  } finally {
    rmSync(figuresDir, { recursive: true, force: true });
  }
}

/** An SVG document with a size, some drawn marks, and balanced tags. */
export function expectWellFormedSvg(svg: string, label: string): void {
  expect(svg.trimStart().startsWith('<svg'), `${label}: starts with <svg`).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>'), `${label}: ends with </svg>`).toBe(true);
  expect(/<svg[^>]*\swidth="[\d.]+"/.test(svg), `${label}: has a width`).toBe(true);
  expect(/<(path|rect|line|circle|image)\b/.test(svg), `${label}: draws something`).toBe(true);
  // Balanced elements: every opening tag (not self-closing) has its closing tag, in order.
  const stack: string[] = [];
  for (const match of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, tag, selfClosing] = match;
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `${label}: </${tag}> closes the open element`).toBe(tag);
    else stack.push(tag);
  }
  expect(stack, `${label}: no unclosed element`).toEqual([]);
}
