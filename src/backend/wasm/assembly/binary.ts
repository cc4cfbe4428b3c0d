// Elementwise f32 binary ops over a [rows, cols] pattern: each operand steps `row` elements between
// rows and 1 (a vector) or 0 (a broadcast scalar) between columns. That covers same-shape
// contiguous operands, a scalar, and row or column broadcasts; the output is contiguous.

const ADD: i32 = 0;
const SUB: i32 = 1;
const MUL: i32 = 2;
const DIV: i32 = 3;
const MAXIMUM: i32 = 4;
const MINIMUM: i32 = 5;
const TANH_BACKWARD: i32 = 6; // g·(1 − y)(1 + y), y = tanh(x)
const SIGMOID_BACKWARD: i32 = 7; // g·y(1 − y), y = σ(x)
const RELU_BACKWARD: i32 = 8; // y ≤ 0 ? 0 : g, y = relu(x) (NaN passes g, as y ≤ 0 is false)

// @inline with a literal `op` lets the optimizer fold these switches away in each caller.
@inline function vop(op: i32, x: v128, y: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(x, y);
    case SUB: return f32x4.sub(x, y);
    case MUL: return f32x4.mul(x, y);
    case DIV: return f32x4.div(x, y);
    case MAXIMUM: return f32x4.max(x, y); // NaN-propagating, max(−0, +0) = +0, as Math.max
    case MINIMUM: return f32x4.min(x, y);
    case TANH_BACKWARD: {
      const one = f32x4.splat(1);
      return f32x4.mul(x, f32x4.mul(f32x4.sub(one, y), f32x4.add(one, y)));
    }
    case SIGMOID_BACKWARD: return f32x4.mul(x, f32x4.mul(y, f32x4.sub(f32x4.splat(1), y)));
    default: return v128.bitselect(f32x4.splat(0), x, f32x4.le(y, f32x4.splat(0)));
  }
}

@inline function sop(op: i32, x: f32, y: f32): f32 {
  switch (op) {
    case ADD: return x + y;
    case SUB: return x - y;
    case MUL: return x * y;
    case DIV: return x / y;
    case MAXIMUM: return max<f32>(x, y);
    case MINIMUM: return min<f32>(x, y);
    case TANH_BACKWARD: return x * ((<f32>1 - y) * (<f32>1 + y));
    case SIGMOID_BACKWARD: return x * (y * (<f32>1 - y));
    default: return y <= <f32>0 ? <f32>0 : x;
  }
}

/** One row: `aCol`/`bCol` are 1 (vector) or 0 (scalar). */
@inline function row(op: i32, a: usize, aCol: i32, b: usize, bCol: i32, out: usize, cols: i32): void {
  let i = 0;
  if (aCol == 1 && bCol == 1) {
    for (; i + 4 <= cols; i += 4) {
      const o = <usize>(i * 4);
      v128.store(out + o, vop(op, v128.load(a + o), v128.load(b + o)));
    }
    for (; i < cols; i++) {
      const o = <usize>(i * 4);
      store<f32>(out + o, sop(op, load<f32>(a + o), load<f32>(b + o)));
    }
  } else if (aCol == 1) {
    const y = load<f32>(b);
    const yv = f32x4.splat(y);
    for (; i + 4 <= cols; i += 4) {
      const o = <usize>(i * 4);
      v128.store(out + o, vop(op, v128.load(a + o), yv));
    }
    for (; i < cols; i++) store<f32>(out + <usize>(i * 4), sop(op, load<f32>(a + <usize>(i * 4)), y));
  } else if (bCol == 1) {
    const x = load<f32>(a);
    const xv = f32x4.splat(x);
    for (; i + 4 <= cols; i += 4) {
      const o = <usize>(i * 4);
      v128.store(out + o, vop(op, xv, v128.load(b + o)));
    }
    for (; i < cols; i++) store<f32>(out + <usize>(i * 4), sop(op, x, load<f32>(b + <usize>(i * 4))));
  } else {
    const v = sop(op, load<f32>(a), load<f32>(b));
    const vv = f32x4.splat(v);
    for (; i + 4 <= cols; i += 4) v128.store(out + <usize>(i * 4), vv);
    for (; i < cols; i++) store<f32>(out + <usize>(i * 4), v);
  }
}

@inline function rows(op: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, nRows: i32, cols: i32): void {
  for (let r = 0; r < nRows; r++) {
    row(op, a + <usize>(<isize>r * aRow * 4), aCol, b + <usize>(<isize>r * bRow * 4), bCol, out + <usize>(r * cols * 4), cols);
  }
}

// One function per op, each with its own copy of the loops and `op` a constant in them (as in
// unary.ts): inlined all into `binary`, binaryen may fold the copies back into one loop that
// switches on the op for every vector.
function addRows(a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, nRows: i32, cols: i32): void { rows(ADD, a, aRow, aCol, b, bRow, bCol, out, nRows, cols); }
function subRows(a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, nRows: i32, cols: i32): void { rows(SUB, a, aRow, aCol, b, bRow, bCol, out, nRows, cols); }
function mulRows(a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, nRows: i32, cols: i32): void { rows(MUL, a, aRow, aCol, b, bRow, bCol, out, nRows, cols); }
function divRows(a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, nRows: i32, cols: i32): void { rows(DIV, a, aRow, aCol, b, bRow, bCol, out, nRows, cols); }
function maximumRows(a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, nRows: i32, cols: i32): void { rows(MAXIMUM, a, aRow, aCol, b, bRow, bCol, out, nRows, cols); }
function minimumRows(a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, nRows: i32, cols: i32): void { rows(MINIMUM, a, aRow, aCol, b, bRow, bCol, out, nRows, cols); }
function tanhBackwardRows(a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, nRows: i32, cols: i32): void { rows(TANH_BACKWARD, a, aRow, aCol, b, bRow, bCol, out, nRows, cols); }
function sigmoidBackwardRows(a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, nRows: i32, cols: i32): void { rows(SIGMOID_BACKWARD, a, aRow, aCol, b, bRow, bCol, out, nRows, cols); }
function reluBackwardRows(a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, nRows: i32, cols: i32): void { rows(RELU_BACKWARD, a, aRow, aCol, b, bRow, bCol, out, nRows, cols); }

/** out[r, c] = a[r·aRow + c·aCol] op b[r·bRow + c·bCol]; aCol, bCol ∈ {0, 1}. */
export function binary(op: i32, a: usize, aRow: i32, aCol: i32, b: usize, bRow: i32, bCol: i32, out: usize, nRows: i32, cols: i32): void {
  switch (op) {
    case ADD: addRows(a, aRow, aCol, b, bRow, bCol, out, nRows, cols); break;
    case SUB: subRows(a, aRow, aCol, b, bRow, bCol, out, nRows, cols); break;
    case MUL: mulRows(a, aRow, aCol, b, bRow, bCol, out, nRows, cols); break;
    case DIV: divRows(a, aRow, aCol, b, bRow, bCol, out, nRows, cols); break;
    case MAXIMUM: maximumRows(a, aRow, aCol, b, bRow, bCol, out, nRows, cols); break;
    case MINIMUM: minimumRows(a, aRow, aCol, b, bRow, bCol, out, nRows, cols); break;
    case TANH_BACKWARD: tanhBackwardRows(a, aRow, aCol, b, bRow, bCol, out, nRows, cols); break;
    case SIGMOID_BACKWARD: sigmoidBackwardRows(a, aRow, aCol, b, bRow, bCol, out, nRows, cols); break;
    default: reluBackwardRows(a, aRow, aCol, b, bRow, bCol, out, nRows, cols); break;
  }
}

/** out[i] = y[i] + alpha·x[i] over n contiguous floats (multiply, then add: two roundings). */
export function scaledAdd(y: usize, x: usize, alpha: f32, out: usize, n: i32): void {
  const a = f32x4.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>(i * 4);
    v128.store(out + o, f32x4.add(v128.load(y + o), f32x4.mul(a, v128.load(x + o))));
  }
  for (; i < n; i++) {
    const o = <usize>(i * 4);
    store<f32>(out + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}
