/**
 * Embedding lookup: rows of a weight matrix picked by int32 indices.
 * @module
 */
import { DTypeError, IndexError, ShapeError, ValueError, fmtShape, formatValue } from '../../errors.js';
import { noGrad } from '../../autograd/grad-mode.js';
import { norm } from '../../functional/norms.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../../checks/args.js';
import { checkOptions } from '../../checks/options.js';

/** Options of {@link embedding}. */
export interface EmbeddingOptions {
  /** Index whose row gets no gradient (negative counts from the end). */
  paddingIdx?: number | null;
  /** Rescale, in place, each looked-up row whose normType-norm exceeds maxNorm to norm maxNorm (default null: never). */
  maxNorm?: number | null;
  /** The p of the maxNorm check (default 2). */
  normType?: number;
}

const EMBEDDING_FUNCTIONAL_OPTIONS = { paddingIdx: 'any', maxNorm: 'any', normType: 'any' } as const;

/**
 * out[..., :] = weight[input[...], :] for int32 indices `input` of any shape and weight
 * [numEmbeddings, embeddingDim]. The row at paddingIdx is returned as is but receives zero gradient.
 */
export function embedding(input: Tensor, weight: Tensor, options: EmbeddingOptions = {}): Tensor {
  const op = 'embedding';
  checkTensor(op, 'input', input);
  checkTensor(op, 'weight', weight);
  checkOptions(op, options, EMBEDDING_FUNCTIONAL_OPTIONS);
  if (input.dtype !== 'int32') {
    throw new DTypeError(op, `indices must be an int32 tensor, got ${input.dtype} (shape ${fmtShape(input.shape)})`);
  }
  if (weight.ndim !== 2) throw new ShapeError(op, `weight must be 2-D [numEmbeddings, embeddingDim], got ${fmtShape(weight.shape)}`);
  const [num, dim] = weight.shape as [number, number];
  const indices = input.toTypedArray();
  for (let i = 0; i < indices.length; i++) {
    if (indices[i]! < 0 || indices[i]! >= num) {
      throw new IndexError(op, `index ${indices[i]} (at flat position ${i} of indices ${fmtShape(input.shape)}) is out of range for ${num} embeddings`);
    }
  }
  const paddingIdx = normalizePaddingIdx(op, options.paddingIdx ?? null, num);
  const maxNorm = checkMaxNorm(op, options.maxNorm ?? null, options.normType ?? 2);
  if (maxNorm !== null) renormRows(weight, indices as Int32Array, maxNorm, options.normType ?? 2);
  const flat = input.reshape([-1]);
  const rows = weight.indexSelect(0, flat);
  let out = rows;
  if (paddingIdx !== null && indices.includes(paddingIdx)) {
    // The padding rows are read from a detached weight: same values, no gradient.
    const notPadding = flat.ne(paddingIdx).unsqueeze(1);
    out = rows.where(notPadding, weight.detach().indexSelect(0, flat));
  }
  return out.reshape([...input.shape, dim]);
}

/** Resolves a possibly negative paddingIdx against numEmbeddings (null stays null). */
export function normalizePaddingIdx(op: string, paddingIdx: number | null, numEmbeddings: number): number | null {
  if (paddingIdx === null) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx < -numEmbeddings || paddingIdx >= numEmbeddings) {
    throw new IndexError(op, `paddingIdx=${paddingIdx} must be within [${-numEmbeddings}, ${numEmbeddings}) for ${numEmbeddings} embeddings`);
  }
  return paddingIdx < 0 ? paddingIdx + numEmbeddings : paddingIdx;
}

/** Checks maxNorm (null, or a number ≥ 0) and normType (a number), naming the op. */
export function checkMaxNorm(op: string, maxNorm: number | null, normType: number): number | null {
  if (typeof normType !== 'number' || Number.isNaN(normType)) throw new ValueError(op, `normType must be a number, got ${formatValue(normType)}`);
  if (maxNorm === null) return null;
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) throw new ValueError(op, `maxNorm must be a number >= 0 or null, got ${formatValue(maxNorm)}`);
  return maxNorm;
}

/**
 * PyTorch's embedding_renorm_: each distinct looked-up row whose normType-norm exceeds maxNorm is
 * scaled in place by maxNorm / (norm + 1e-7), outside autograd (as PyTorch, under no_grad).
 */
function renormRows(weight: Tensor, indices: Int32Array, maxNorm: number, normType: number): void {
  const w = weight.detach();
  noGrad(() => {
    for (const i of new Set(indices)) {
      const row = w.select(0, i);
      const n = norm(row, normType).item();
      if (n > maxNorm) row.mul_(maxNorm / (n + 1e-7));
    }
  });
}
