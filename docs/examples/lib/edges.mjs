// @ts-check
/**
 * The edge-cnn example's data: small seeded images with a horizontal edge, a vertical edge or no
 * edge at all, in Gaussian noise. An edge is a short step between a bright and a dark band (random
 * length, position, contrast and polarity), so one 3×3 filter per orientation and polarity sees it.
 */
import { Generator, tensor } from 'chainrule';

/** Class names, in label order. */
export const EDGE_CLASSES = ['none', 'horizontal', 'vertical'];

/**
 * @typedef {object} EdgeOptions
 * @property {number} seed
 * @property {number} [size]  image height = width (default 12)
 * @property {[number, number]} [rows] the rows [first, end) the edge's patch must lie in
 *   (default the whole image): the domain-shift split trains on the top half and tests on the bottom
 * @property {number} [noise] the pixel noise's standard deviation (default 0.35)
 */

/**
 * `perClass` images of each class, interleaved (none, horizontal, vertical, none, …) so that the
 * first 3·k images hold k of each class.
 * @param {number} perClass
 * @param {EdgeOptions} options
 * @returns {{ images: import('chainrule').Tensor, labels: import('chainrule').Tensor }}
 *   images [3·perClass, 1, size, size] float32, labels [3·perClass] int32
 */
export function edgeImages(perClass, options) {
  const size = options.size ?? 12;
  const [rowStart, rowEnd] = options.rows ?? [0, size];
  const sigma = options.noise ?? 0.35;
  const gen = new Generator(options.seed);
  const n = 3 * perClass;
  const pixels = new Float32Array(n * size * size);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 3;
    labels[i] = label;
    const image = pixels.subarray(i * size * size, (i + 1) * size * size);
    for (let p = 0; p < image.length; p++) image[p] = sigma * gen.normal();
    if (label === 0) continue;
    // The patch: `length` pixels along the edge, 2 + 2 across it (bright band, dark band).
    const length = gen.integer(4, 7);
    const contrast = (0.5 + 0.5 * gen.uniform()) * (gen.uniform() < 0.5 ? 1 : -1);
    const height = label === 1 ? 4 : length;
    const width = label === 1 ? length : 4;
    const top = gen.integer(rowStart, rowEnd - height + 1);
    const left = gen.integer(0, size - width + 1);
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        const across = label === 1 ? r : c;
        image[(top + r) * size + left + c] += across < 2 ? contrast : -contrast;
      }
    }
  }
  return { images: tensor(pixels).reshape([n, 1, size, size]), labels: tensor(labels) };
}
