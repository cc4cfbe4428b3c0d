// @ts-check
/**
 * A one-line progress display for the examples' training loops: step, loss and rate, redrawn in
 * place on a terminal (stderr), silent when stderr is not a TTY (CI logs, pipes, the smoke tests).
 */

/**
 * @param {string} label what is training, e.g. 'tanh recurrence, scale 1.2'
 * @param {number} totalSteps the number of steps the loop will run
 * @param {{ stream?: NodeJS.WriteStream, quiet?: boolean }} [options]
 * @returns {{ update(step: number, loss: number): void, done(): void }}
 */
export function progress(label, totalSteps, options = {}) {
  const stream = options.stream ?? process.stderr;
  const live = !options.quiet && stream.isTTY === true;
  const start = performance.now();
  let lastDraw = 0;
  /** @type {string} */
  let line = '';
  const draw = (/** @type {number} */ step, /** @type {number} */ loss) => {
    const seconds = (performance.now() - start) / 1000;
    const rate = seconds > 0 ? step / seconds : 0;
    line = `${label}: step ${step}/${totalSteps}  loss ${formatLoss(loss)}  ${rate.toFixed(rate < 10 ? 1 : 0)} steps/s`;
    stream.write(`\r${line.padEnd(stream.columns ? Math.min(stream.columns - 1, 100) : 0)}`);
  };
  return {
    update(step, loss) {
      if (!live) return;
      const now = performance.now();
      // Redraw at most ten times a second, and always on the last step.
      if (now - lastDraw < 100 && step < totalSteps) return;
      lastDraw = now;
      draw(step, loss);
    },
    done() {
      if (live && line !== '') stream.write('\n');
    },
  };
}

/** @param {number} loss */
function formatLoss(loss) {
  if (!Number.isFinite(loss)) return String(loss);
  return Math.abs(loss) >= 1e-3 && Math.abs(loss) < 1e4 ? loss.toFixed(4) : loss.toExponential(3);
}
