/**
 * Embedding lookup: rows of a weight matrix picked by int32 indices.
 * @module
 */
import { DTypeError, IndexError, ShapeError, fmtShape } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkTensor } from '../../checks/args.js';
import { checkOptions } from '../../checks/options.js';

/** Options of {@link embedding}. */
export interface EmbeddingOptions {
  /** Index whose row gets no gradient (negative counts from the end). */
  paddingIdx?: number | null;
}

const EMBEDDING_FUNCTIONAL_OPTIONS = { paddingIdx: 'any' } as const;

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
