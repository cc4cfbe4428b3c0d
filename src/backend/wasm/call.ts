/**
 * One wasm kernel call, staged: the arena is reserved for the call, the operands are placed in it,
 * the kernel runs, its results are copied out and the arena is released, also when something
 * throws. Every kernel file states only what differs: which operands, which results, and the call.
 * @module
 */
import { aligned, type Arena } from './arena.js';
import { place, type Placed, type Placement, type WasmContext } from './staging.js';

/** An array a kernel writes: float32 values, int32 indices or uint8 booleans. */
export type ResultArray = Float32Array | Int32Array | Uint8Array;

/** Reserves `bytes` of the arena for the call `op`, runs `body` and releases the arena (also on a throw). */
export function withArena<T>(ctx: WasmContext, op: string, bytes: number, body: (arena: Arena) => T): T {
  ctx.arena.reserve(op, bytes);
  try {
    return body(ctx.arena);
  } finally {
    ctx.arena.release();
  }
}

/** Copies `out.length` elements from the block at byte offset `ptr` into `out`. */
export function copyOut(arena: Arena, ptr: number, out: ResultArray): void {
  const at = ptr / out.BYTES_PER_ELEMENT;
  out.set(arena.memoryLike(out).subarray(at, at + out.length) as never);
}

/** Copies `values` into the block at byte offset `ptr`. */
function copyIn(arena: Arena, ptr: number, values: ResultArray): void {
  arena.memoryLike(values).set(values as never, ptr / values.BYTES_PER_ELEMENT);
}

/** What a staged call moves in and out. */
export interface StagedCall<P extends readonly Placement[], R extends readonly ResultArray[]> {
  /** Planned operands (staging.ts's `plan`), placed in this order. */
  readonly operands: P;
  /** The arrays the kernel writes: each gets a block, copied into the array after the call. */
  readonly results: R;
  /** True when the kernel reads the results' current values too (matmul accumulating): copied in first. */
  readonly resultsIn?: boolean;
  /** Bytes of scratch space the kernel needs. */
  readonly workBytes?: number;
}

/**
 * Runs one kernel call through the arena: places `call.operands`, takes a block per result and
 * the work area, calls `kernel(operands, resultPointers, workPointer)` and copies the results out.
 */
export function runStaged<const P extends readonly Placement[], const R extends readonly ResultArray[]>(
  ctx: WasmContext, op: string, call: StagedCall<P, R>,
  kernel: (operands: { [I in keyof P]: Placed }, results: { [I in keyof R]: number }, work: number) => void,
): void {
  const { operands, results, resultsIn = false, workBytes = 0 } = call;
  let bytes = aligned(workBytes);
  for (const p of operands) bytes += p.bytes;
  for (const r of results) bytes += aligned(r.byteLength);
  withArena(ctx, op, bytes, (arena) => {
    const placed = operands.map((p) => place(ctx, p));
    const pointers = results.map((r) => arena.take(r.byteLength));
    if (resultsIn) results.forEach((r, k) => copyIn(arena, pointers[k]!, r));
    const work = workBytes > 0 ? arena.take(workBytes) : 0;
    kernel(placed as { [I in keyof P]: Placed }, pointers as { [I in keyof R]: number }, work);
    results.forEach((r, k) => copyOut(arena, pointers[k]!, r));
  });
}
