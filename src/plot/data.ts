/**
 * Tensors and arrays to plain numbers: the charts' data rows are JSON, so every builder first turns
 * its inputs into arrays of numbers here, checking ranks and sizes with errors that name the builder.
 * @module
 */
import { describe } from '../checks/index.js';
import { ShapeError, ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';

/** A 1-d run of numbers: a 1-d tensor or any array-like of numbers. */
export type Numbers = Tensor | ArrayLike<number>;

/** The values of a 1-d tensor or array of numbers, as a plain array. */
export function toNumbers(op: string, arg: string, x: unknown): number[] {
  if (x instanceof Tensor) {
    if (x.ndim !== 1) throw new ShapeError(op, `${arg} must be a 1-d tensor, got shape [${x.shape.join(',')}]`);
    return Array.from(x.toTypedArray(), Number);
  }
  if (x === null || typeof x !== 'object' || typeof (x as ArrayLike<unknown>).length !== 'number') {
    throw new ValueError(op, `${arg} must be a 1-d tensor or an array of numbers, got ${describe(x)}`);
  }
  const values = Array.from(x as ArrayLike<unknown>);
  const bad = values.findIndex((v) => typeof v !== 'number');
  if (bad >= 0) throw new ValueError(op, `${arg}[${bad}] must be a number, got ${describe(values[bad])}`);
  return values as number[];
}

/** The rows of a 2-d tensor or a rectangular array of arrays of numbers. */
export function toMatrix(op: string, arg: string, x: unknown): number[][] {
  if (x instanceof Tensor) {
    if (x.ndim !== 2) throw new ShapeError(op, `${arg} must be a 2-d tensor, got shape [${x.shape.join(',')}]`);
    const [rows, cols] = x.shape as [number, number];
    const flat = Array.from(x.toTypedArray(), Number);
    return Array.from({ length: rows }, (_, i) => flat.slice(i * cols, (i + 1) * cols));
  }
  if (!Array.isArray(x)) throw new ValueError(op, `${arg} must be a 2-d tensor or an array of rows, got ${describe(x)}`);
  const rows = x.map((row, i) => toNumbers(op, `${arg}[${i}]`, row));
  const width = rows[0]?.length ?? 0;
  const ragged = rows.findIndex((row) => row.length !== width);
  if (ragged >= 0) throw new ShapeError(op, `${arg} must be rectangular: row 0 has ${width} values, row ${ragged} has ${rows[ragged]!.length}`);
  return rows;
}

/** A stack of equally sized 2-d images: `count` images of `height` × `width`, each row-major. */
export interface ImageStack {
  count: number;
  height: number;
  width: number;
  pixels: number[][];
}

/** Images from a [N,H,W] or [N,1,H,W] tensor, or a list of [H,W] or [1,H,W] tensors of one size. */
export function toImages(op: string, arg: string, x: unknown): ImageStack {
  if (x instanceof Tensor) {
    const single = x.ndim === 4 && x.shape[1] === 1;
    if (x.ndim !== 3 && !single) throw new ShapeError(op, `${arg} must have shape [N,H,W] or [N,1,H,W], got [${x.shape.join(',')}]`);
    const [count, height, width] = [x.shape[0]!, x.shape[x.ndim - 2]!, x.shape[x.ndim - 1]!];
    const flat = Array.from(x.toTypedArray(), Number);
    const size = height * width;
    return { count, height, width, pixels: Array.from({ length: count }, (_, i) => flat.slice(i * size, (i + 1) * size)) };
  }
  if (!Array.isArray(x)) throw new ValueError(op, `${arg} must be a tensor [N,H,W] or an array of [H,W] tensors, got ${describe(x)}`);
  const images = x.map((image, i) => {
    if (!(image instanceof Tensor)) throw new ValueError(op, `${arg}[${i}] must be a Tensor, got ${describe(image)}`);
    if (image.ndim !== 2 && !(image.ndim === 3 && image.shape[0] === 1)) {
      throw new ShapeError(op, `${arg}[${i}] must have shape [H,W] or [1,H,W], got [${image.shape.join(',')}]`);
    }
    return image;
  });
  const [height, width] = images.length > 0 ? images[0]!.shape.slice(-2) as [number, number] : [0, 0];
  images.forEach((image, i) => {
    const [h, w] = image.shape.slice(-2) as [number, number];
    if (h !== height || w !== width) throw new ShapeError(op, `${arg}: every image must be ${height}×${width} like ${arg}[0], but ${arg}[${i}] is ${h}×${w}`);
  });
  return { count: images.length, height, width, pixels: images.map((image) => Array.from(image.toTypedArray(), Number)) };
}

/** Checks an optional list of `count` strings (labels of rows, columns, images). */
export function checkLabels(op: string, arg: string, labels: unknown, count: number): void {
  if (labels === undefined) return;
  if (!Array.isArray(labels) || labels.some((l) => typeof l !== 'string')) throw new ValueError(op, `${arg} must be an array of strings, got ${describe(labels)}`);
  if (labels.length !== count) throw new ValueError(op, `${arg} must have one label per entry: ${count} expected, got ${labels.length}`);
}

/** `[min, max]` of the finite values (`[0, 1]` when there are none; widened by 1 when all are equal). */
export function extent(values: Iterable<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [0, 1];
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}
