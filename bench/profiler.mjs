/**
 * Where a benchmark task spends its time: runs it under V8's sampling profiler, writes the
 * .cpuprofile (Chrome DevTools' Performance panel or VS Code open it as a flame chart) and prints
 * the functions with the most self time, by file and line.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './common.mjs';

/**
 * Warms `run` up for a second (so the profile shows optimized code), then profiles it for
 * `seconds`; writes the profile to `file` and prints `title`, the iteration count and the `top`
 * functions by self time.
 */
export async function profileTask(run, { seconds, file, title, top = 25 }) {
  for (let end = performance.now() + 1000; performance.now() < end; ) run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  let iterations = 0;
  for (let end = performance.now() + seconds * 1000; performance.now() < end; iterations++) run();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(file, JSON.stringify(profile));

  // Self time per function: each sample is charged to the node on top of the stack.
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (const id of profile.samples) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const where = url ? `${url.startsWith('file:') ? relative(ROOT, fileURLToPath(url)) : url}:${lineNumber + 1}` : '(native)';
    const key = `${functionName || '(anonymous)'}  ${where}`;
    self.set(key, (self.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  console.log(`${title}: ${iterations} iterations in ${seconds} s (${((seconds * 1000) / iterations).toFixed(2)} ms each); top self time of ${total} samples`);
  for (const [key, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * count) / total).toFixed(1).padStart(5)}%  ${key}`);
  console.log(`\nfull profile: ${file}`);
}
