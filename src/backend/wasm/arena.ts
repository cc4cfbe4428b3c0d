/**
 * The arena: a bump allocator over the WebAssembly module's linear memory. A kernel call plans
 * how many bytes it needs, `reserve`s them (growing memory only past the high-water mark, so a
 * training loop reaches a steady size after its first step), takes blocks with `take`, and
 * `release`s everything at the end. Nothing outlives a call.
 * @module
 */
import { ValueError } from '../../errors.js';

/**
 * The part of `WebAssembly.Memory` the backend uses. Named structurally so the published .d.ts
 * files type-check without the DOM lib (TypeScript declares the WebAssembly namespace only there).
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** Alignment of every block, so f32x4/f64x2 loads never straddle more than they must. */
const ALIGN = 16;
const PAGE = 65536;

/** Rounds a byte count up to the block alignment. */
export function aligned(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}

/**
 * Growths of each memory so far. Growing a non-shared memory detaches its old buffer (views of it
 * become empty), but a shared memory's old SharedArrayBuffer keeps its length: the count tells any
 * arena on that memory that its cached views are stale, whichever arena grew it.
 */
const growths = new WeakMap<WasmMemory, { count: number }>();

export class Arena {
  private top: number;
  private readonly grown: { count: number };
  private seen = 0;
  private limit = 0;
  private f32Cache: Float32Array | null = null;
  private i32Cache: Int32Array | null = null;
  private u8Cache: Uint8Array | null = null;

  /**
   * @param memory the module's memory
   * @param base first free byte (the module's heap base)
   * @param maxBytes the largest memory the arena may grow to
   */
  constructor(
    private readonly memory: WasmMemory,
    private readonly base: number,
    readonly maxBytes: number,
  ) {
    this.top = aligned(base);
    let grown = growths.get(memory);
    if (grown === undefined) growths.set(memory, (grown = { count: 0 }));
    this.grown = grown;
  }

  /** Drops the cached views when any arena grew the memory since they were made. */
  private refresh(): void {
    if (this.seen === this.grown.count) return;
    this.seen = this.grown.count;
    this.f32Cache = null;
    this.i32Cache = null;
    this.u8Cache = null;
  }

  /**
   * Makes room for `bytes` (the sum of `aligned()` block sizes) and starts a call. Throws a
   * ValueError naming `op` before touching anything when that is more than `maxBytes` allows.
   */
  reserve(op: string, bytes: number): void {
    const end = aligned(this.base) + bytes;
    if (end > this.maxBytes) {
      throw new ValueError(op, `needs ${bytes} bytes of WebAssembly memory, more than the ${this.maxBytes - aligned(this.base)} the wasm backend can use; use setBackend('ref') for this computation`);
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) {
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch (e) {
        throw new ValueError(op, `needs ${bytes} bytes of WebAssembly memory and the engine refused to grow it (${(e as Error).message})`);
      }
      this.grown.count++;
    }
    this.top = aligned(this.base);
    this.limit = end;
  }

  /** A block of `bytes` from the current reservation; returns its byte offset. */
  take(bytes: number): number {
    const at = this.top;
    this.top += aligned(bytes);
    if (this.top > this.limit) throw new Error(`wasm arena: took more than was reserved (${this.top} > ${this.limit})`);
    return at;
  }

  /** Ends the call: every block is free again. */
  release(): void {
    this.top = aligned(this.base);
    this.limit = 0;
  }

  /**
   * Float32 view of all of memory, refreshed after growth by any arena sharing this memory (the
   * growth count), without asking the engine for `memory.buffer` on every call.
   */
  get f32(): Float32Array {
    this.refresh();
    if (this.f32Cache === null || this.f32Cache.length === 0) this.f32Cache = new Float32Array(this.memory.buffer);
    return this.f32Cache;
  }

  /** Int32 view of all of memory (refreshed after growth, as {@link f32}). */
  get i32(): Int32Array {
    this.refresh();
    if (this.i32Cache === null || this.i32Cache.length === 0) this.i32Cache = new Int32Array(this.memory.buffer);
    return this.i32Cache;
  }

  /** Uint8 view of all of memory (refreshed after growth, as {@link f32}). */
  get u8(): Uint8Array {
    this.refresh();
    if (this.u8Cache === null || this.u8Cache.length === 0) this.u8Cache = new Uint8Array(this.memory.buffer);
    return this.u8Cache;
  }

  /** All of memory as an array of `like`'s element type (float32, int32 or uint8). */
  memoryLike<T extends Float32Array | Int32Array | Uint8Array>(like: T): T {
    return (like instanceof Float32Array ? this.f32 : like instanceof Int32Array ? this.i32 : this.u8) as T;
  }

  /** Current size of linear memory in bytes. */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }
}
