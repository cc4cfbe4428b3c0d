// @ts-check
/** Small helpers shared by the recurrent examples (rnn-gradients, names-rnn). */

/**
 * The first and last loss of a training loop, each the mean of a few steps (minibatch losses are
 * noisy): what the smoke test compares to see that the loop trained.
 * @param {string} label
 * @param {number[]} losses one loss per step
 * @returns {{ label: string, firstLoss: number, lastLoss: number }}
 */
export function firstAndLast(label, losses) {
  const k = Math.max(1, Math.min(10, Math.floor(losses.length / 4)));
  const mean = (/** @type {number[]} */ v) => v.reduce((a, b) => a + b, 0) / v.length;
  return { label, firstLoss: mean(losses.slice(0, k)), lastLoss: mean(losses.slice(-k)) };
}

/**
 * A trailing moving average, for drawing noisy loss curves.
 * @param {number[]} values
 * @param {number} window
 */
export function movingAverage(values, window) {
  const out = [];
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    if (i >= window) sum -= values[i - window];
    out.push(sum / Math.min(i + 1, window));
  }
  return out;
}
