/**
 * Image grids: small images (filters, inputs) side by side on one colour scale, each with a small
 * title.
 * @module
 */
import { checkOptions, describe } from '../checks/index.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkLabels, extent, toImages } from './data.js';
import { checkSize, figure, labelLookup, type VegaLiteSpec } from './spec.js';

/** Options of {@link imageGrid}. */
export interface ImageGridOptions {
  /** The images: a tensor [N,H,W] or [N,1,H,W], or a list of [H,W] (or [1,H,W]) tensors of one size. */
  images: Tensor | Tensor[];
  /** A small title per image (default #0, #1, …). */
  labels?: string[];
  /** Images per row (default: all in one row up to 8). */
  columns?: number;
  title?: string;
  /**
   * Diverging colours centred on 0 (blue negative, red positive, white 0) on a scale
   * symmetric about 0, for filters and weights; grey levels (black low, white high) otherwise.
   */
  symmetric?: boolean;
  /** Pixels per image pixel (default: about 56 px per image side). */
  cellSize?: number;
}

/**
 * A grid of images on one shared colour scale, with a small title above each: learned
 * convolution filters (`symmetric: true` centres the colours on 0), input images, feature maps.
 *
 * ```ts
 * const filters = conv.weight.detach();           // [8, 1, 3, 3]
 * const spec = imageGrid({ images: filters, symmetric: true, columns: 4, title: 'Learned filters' });
 * await saveSvg(spec, 'docs/figures/filters.svg');
 * ```
 */
export function imageGrid(options: ImageGridOptions): VegaLiteSpec {
  const op = 'imageGrid';
  if (options === null || typeof options !== 'object') throw new ValueError(op, `options must be an object { images, … }, got ${describe(options)}`);
  checkOptions(op, options, { images: 'any', labels: 'any', columns: 'count', title: 'string', symmetric: 'bool', cellSize: checkSize });
  const { count, height, width, pixels } = toImages(op, 'images', options.images);
  if (count === 0 || height === 0 || width === 0) throw new ValueError(op, `images must hold at least one non-empty image, got ${count} of ${height}×${width}`);
  checkLabels(op, 'labels', options.labels, count);
  if (options.columns === 0) throw new ValueError(op, 'columns must be at least 1, got 0');
  const labels = options.labels ?? pixels.map((_, i) => `#${i}`);
  const cell = options.cellSize ?? Math.max(2, Math.round(56 / Math.max(height, width)));
  const data = pixels.flatMap((image, index) =>
    image.map((value, k) => ({ image: index, row: Math.floor(k / width), col: k % width, value: Number.isFinite(value) ? value : null })),
  );
  const [lo, hi] = extent(pixels.flat());
  const bound = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  const scale = options.symmetric ? { scheme: 'redblue', reverse: true, domain: [-bound, bound], domainMid: 0 } : { scheme: 'greys', reverse: true, domain: [lo, hi] };
  const hidden = { axis: null };
  return figure(options.title, {
    data: { values: data },
    facet: { field: 'image', type: 'ordinal', title: null, header: { labelExpr: labelLookup(labels), labelFontSize: 10, labelPadding: 2 } },
    columns: options.columns ?? Math.min(count, 8),
    spacing: 8,
    spec: {
      width: { step: cell },
      height: { step: cell },
      mark: { type: 'rect', aria: false }, // no per-pixel ARIA labels: a third of the SVG's size
      encoding: {
        x: { field: 'col', type: 'ordinal', ...hidden },
        y: { field: 'row', type: 'ordinal', ...hidden },
        color: { field: 'value', type: 'quantitative', title: null, scale },
      },
    },
  });
}
