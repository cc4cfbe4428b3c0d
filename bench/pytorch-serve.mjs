/**
 * PyTorch's training steps sampled on request, so that a benchmark can take PyTorch's sample and
 * chainrule's within seconds of each other (bench/pytorch-reference.py --serve). This VM's speed
 * drifts by tens of percent over minutes: PyTorch's CNN step measured 7.1 and 5.8 ms two hours
 * apart on the same build, its LSTM step 11.7 and 8.2 ms. A ratio of samples paired in time
 * follows the code rather than the hour.
 *
 *   const torch = await startPytorch({ python: '/usr/bin/python3', threads: 1 });
 *   const { medianMs } = await torch.sample('cnn', 300);
 *   torch.close();
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ROOT } from './common.mjs';

/**
 * Starts pytorch-reference.py --serve and resolves once its cases are warmed up.
 * @param {{ python?: string, threads?: number }} options
 * @returns {Promise<{ info: object, sample(id: 'mlp' | 'cnn' | 'lstm', budgetMs: number): Promise<{ medianMs: number, samples: number, load: number }>, close(): void }>}
 */
export async function startPytorch({ python = '/usr/bin/python3', threads = 1 } = {}) {
  const child = spawn(python, [join(ROOT, 'bench', 'pytorch-reference.py'), '--serve', '--threads', String(threads)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (what) => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`pytorch-reference.py --serve ended before ${what}`);
    const message = JSON.parse(value);
    if (message.error) throw new Error(`pytorch-reference.py --serve: ${message.error}`);
    return message;
  };
  const info = await next('it was ready');
  return {
    info,
    async sample(id, budgetMs) {
      child.stdin.write(`${id} ${Math.round(budgetMs)}\n`);
      return next(`its ${id} sample`);
    },
    close() {
      child.stdin.end();
    },
  };
}
