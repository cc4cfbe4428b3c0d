/**
 * Helpers shared by the benchmark runners: interleaving, medians, timing, the seeded data every
 * library gets, and the provenance recorded in every results file (package versions, git commit,
 * uncommitted changes).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `list` rotated left by `by`, so each round starts with a different library. */
export function rotate(list, by) {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/**
 * Milliseconds per call of `fn`: after one untimed call, doubles the repetitions until a timed
 * block lasts at least `minMs`, so the timer's resolution does not matter.
 */
export function msPerCall(fn, minMs) {
  return timedBlock(fn, minMs).ms;
}

/**
 * {@link msPerCall} with the CPU time of all the process's threads: `ms` wall and `cpuMs` CPU per
 * call, and `cores` = CPU ÷ wall, the cores the process really got (on a loaded machine it can
 * stay near 1 whatever the thread count, and then no multi-thread speed-up can show).
 */
export function timedBlock(fn, minMs) {
  fn();
  for (let reps = 1; ; reps *= 2) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (ms >= minMs) return { ms: ms / reps, cpuMs: cpuMs / reps, cores: cpuMs / ms };
  }
}

/** Resolves once `pool` (null: no threads) has its workers for `threads` threads up, so that no timing includes their start. */
export async function workersReady(pool, threads) {
  while (pool !== null && pool.readyWorkers < threads - 1) await new Promise((r) => setTimeout(r, 10));
}

/** The median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The version in `dir`/package.json (dir relative to the repository root). */
export function versionOf(dir) {
  return JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')).version;
}

/** The checked-out commit, or null outside a git checkout. */
export function gitCommit() {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** Whether tracked files have uncommitted changes, or null outside a git checkout. */
export function gitDirty() {
  try {
    return execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim() !== '';
  } catch {
    return null;
  }
}

/** mulberry32 → uniform floats in [lo, hi): the same numbers for every library and every run. */
export function uniform(length, seed, lo = -0.5, hi = 0.5) {
  let s = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}
