// Comparisons (f32 → 0/1 bytes) and `where` (byte condition, f32 operands) over a [rows, cols]
// pattern, like binary.ts: each operand steps `row` elements between rows and 1 (a vector) or 0
// (a broadcast scalar) between columns; the output is contiguous.
//
// A broadcast-scalar row is read from a scratch block holding its value splatted, with a column
// step of 0 bytes, so one loop body serves every mix of vector and scalar operands.

const EQ: i32 = 0;
const NE: i32 = 1;
const LT: i32 = 2;
const LE: i32 = 3;
const GT: i32 = 4;
const GE: i32 = 5;

/** Four 16-byte slots for splatted scalar rows (slot k at SCRATCH + 16·k). */
const SCRATCH: usize = memory.data(64, 16);

/** Row start of an f32 operand: itself for a vector row, else its value splatted into scratch `slot`. */
@inline function rowF32(p: usize, col: i32, slot: i32): usize {
  if (col != 0) return p;
  const s = SCRATCH + <usize>(slot * 16);
  v128.store(s, f32x4.splat(load<f32>(p)));
  return s;
}

/** Row start of a byte operand, as {@link rowF32}. */
@inline function rowU8(p: usize, col: i32, slot: i32): usize {
  if (col != 0) return p;
  const s = SCRATCH + <usize>(slot * 16);
  v128.store(s, i8x16.splat(load<u8>(p)));
  return s;
}

// IEEE comparisons, as JavaScript's: false with a NaN operand except `ne`; −0 == +0.
@inline function vcmp(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case EQ: return f32x4.eq(x, y);
    case NE: return f32x4.ne(x, y);
    case LT: return f32x4.lt(x, y);
    case LE: return f32x4.le(x, y);
    case GT: return f32x4.gt(x, y);
    default: return f32x4.ge(x, y);
  }
}

@inline function scmp(op: i32, x: f32, y: f32): bool {
  switch (op) {
    case EQ: return x == y;
    case NE: return x != y;
    case LT: return x < y;
    case LE: return x <= y;
    case GT: return x > y;
    default: return x >= y;
  }
}

/** One row of `compare`; `sa`/`sb` are the column steps in bytes (4 or 0). */
@inline function compareRow(op: i32, a: usize, sa: usize, b: usize, sb: usize, out: usize, cols: i32): void {
  const one = i8x16.splat(1);
  let i = 0;
  // 16 floats → four 32-bit masks → narrowed (saturating, so −1 stays −1) to 16 bytes → 0/1
  for (; i + 16 <= cols; i += 16) {
    const at = <usize>i;
    const m0 = vcmp(op, v128.load(a + at * sa), v128.load(b + at * sb));
    const m1 = vcmp(op, v128.load(a + (at + 4) * sa), v128.load(b + (at + 4) * sb));
    const m2 = vcmp(op, v128.load(a + (at + 8) * sa), v128.load(b + (at + 8) * sb));
    const m3 = vcmp(op, v128.load(a + (at + 12) * sa), v128.load(b + (at + 12) * sb));
    const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
    v128.store(out + at, v128.and(bytes, one));
  }
  for (; i < cols; i++) {
    const at = <usize>i;
    store<u8>(out + at, scmp(op, load<f32>(a + at * sa), load<f32>(b + at * sb)) ? 1 : 0);
  }
}

@inline function compareRows(op: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, rows: i32, cols: i32): void {
  const sa = <usize>(aCol * 4);
  const sb = <usize>(bCol * 4);
  for (let r = 0; r < rows; r++) {
    const ra = rowF32(a + <usize>(<isize>r * aRow * 4), aCol, 0);
    const rb = rowF32(b + <usize>(<isize>r * bRow * 4), bCol, 1);
    compareRow(op, ra, sa, rb, sb, out + <usize>(r * cols), cols);
  }
}

/** out[r, c] = a[r·aRow + c·aCol] op b[r·bRow + c·bCol] ? 1 : 0 (bytes); aCol, bCol ∈ {0, 1}. */
export function compare(op: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, rows: i32, cols: i32): void {
  switch (op) {
    case EQ: compareRows(EQ, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case NE: compareRows(NE, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case LT: compareRows(LT, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case LE: compareRows(LE, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    case GT: compareRows(GT, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
    default: compareRows(GE, a, aRow, aCol, b, bRow, bCol, out, rows, cols); break;
  }
}

/**
 * out[r, c] = cond[r·cRow + c·cCol] ≠ 0 ? a[…] : b[…] (f32, bits copied); every column step ∈ {0, 1}.
 * 16 condition bytes become a byte mask, widened (sign-extending) to four lane masks for bitselect.
 */
export function where(
  cond: usize, cRow: i32, cCol: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32,
  out: usize, rows: i32, cols: i32,
): void {
  const sc = <usize>cCol;
  const sa = <usize>(aCol * 4);
  const sb = <usize>(bCol * 4);
  const zero = i8x16.splat(0);
  for (let r = 0; r < rows; r++) {
    const rc = rowU8(cond + <usize>(<isize>r * cRow), cCol, 0);
    const ra = rowF32(a + <usize>(<isize>r * aRow * 4), aCol, 1);
    const rb = rowF32(b + <usize>(<isize>r * bRow * 4), bCol, 2);
    const ro = out + <usize>(r * cols * 4);
    let i = 0;
    for (; i + 16 <= cols; i += 16) {
      const at = <usize>i;
      const m = i8x16.ne(v128.load(rc + at * sc), zero);
      const lo = i16x8.extend_low_i8x16_s(m);
      const hi = i16x8.extend_high_i8x16_s(m);
      const o = ro + at * 4;
      v128.store(o, v128.bitselect(v128.load(ra + at * sa), v128.load(rb + at * sb), i32x4.extend_low_i16x8_s(lo)));
      v128.store(o, v128.bitselect(v128.load(ra + (at + 4) * sa), v128.load(rb + (at + 4) * sb), i32x4.extend_high_i16x8_s(lo)), 16);
      v128.store(o, v128.bitselect(v128.load(ra + (at + 8) * sa), v128.load(rb + (at + 8) * sb), i32x4.extend_low_i16x8_s(hi)), 32);
      v128.store(o, v128.bitselect(v128.load(ra + (at + 12) * sa), v128.load(rb + (at + 12) * sb), i32x4.extend_high_i16x8_s(hi)), 48);
    }
    for (; i < cols; i++) {
      const at = <usize>i;
      // integer loads keep the bits (a signalling NaN is not touched by an f32 round trip)
      store<u32>(ro + at * 4, load<u8>(rc + at * sc) != 0 ? load<u32>(ra + at * sa) : load<u32>(rb + at * sb));
    }
  }
}
