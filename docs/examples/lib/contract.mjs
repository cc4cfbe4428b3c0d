// @ts-check
/**
 * What every example module (docs/examples/<name>.mjs) exports, so that one runner
 * (`npm run example -- <name>`) and one smoke test (test/examples) can drive them all:
 *
 *   export const title = 'one line: what the example shows';
 *   export async function run(options) { … return result; }
 *
 * @typedef {object} ExampleOptions
 * @property {boolean} quick   a few steps on small data: the smoke test's mode (`--quick`)
 * @property {string} figuresDir where to write the SVG figures (docs/figures by default)
 * @property {boolean} quiet   no progress lines (the smoke tests); progress is also silent off a TTY
 *
 * @typedef {object} TrainingRun one training loop the example ran: the smoke test checks its loss fell
 * @property {string} label     e.g. 'CNN, 20 images per class'
 * @property {number} firstLoss the loss at the first step (or the mean of the first few)
 * @property {number} lastLoss  the loss at the last step (or the mean of the last few)
 *
 * @typedef {object} ExampleResult
 * @property {Array<Record<string, string | number | boolean>>} rows the result table, printed by the runner
 * @property {string[]} figures the SVG files written
 * @property {TrainingRun[]} runs the training loops, for the smoke test's "the loss fell"
 */
export {};
