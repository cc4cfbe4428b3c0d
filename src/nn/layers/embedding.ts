/**
 * Embedding: a lookup table of learned vectors, indexed by int32 tensors.
 * @module
 */
import { asOp } from '../../checks/rename.js';
import { noGrad } from '../../autograd/grad-mode.js';
import type { FloatDType } from '../../dtype.js';
import { Generator } from '../../random.js';
import { ValueError, fmtShape, formatValue } from '../../errors.js';
import { zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkMaxNorm, embedding, normalizePaddingIdx } from '../functional/embedding.js';
import { pyFloat } from '../repr.js';
import { normal_ } from '../init.js';
import { Module } from '../module.js';
import { checkSize } from './linear.js';
import { checkOptions } from '../../checks/options.js';
import { EMBEDDING_OPTIONS, checkLayerSizes } from '../schemas.js';
import { checkTensor } from '../../checks/args.js';

/** Options of {@link Embedding}. */
export interface EmbeddingLayerOptions {
  /** Row that is initialized to zeros and never receives gradient (negative counts from the end). */
  paddingIdx?: number | null;
  /** Rescale, in place, each looked-up row whose normType-norm exceeds maxNorm to norm maxNorm (default null: never). */
  maxNorm?: number | null;
  /** The p of the maxNorm check (default 2). */
  normType?: number;
  /** dtype of the weight (default float32). */
  dtype?: FloatDType;
  /** Generator for the initial values (default: the global one). */
  generator?: Generator;
}

/** weight [numEmbeddings, embeddingDim] ~ N(0, 1) (padding row zeroed); forward picks rows by index. */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  /** The padding row, normalized to be non-negative, or null. */
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly normType: number;
  /** [numEmbeddings, embeddingDim] */
  readonly weight: Tensor;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingLayerOptions = {}) {
    super();
    checkOptions('Embedding', options, EMBEDDING_OPTIONS);
    checkLayerSizes('Embedding', { numEmbeddings, embeddingDim });
    checkSize('Embedding', 'numEmbeddings', numEmbeddings);
    checkSize('Embedding', 'embeddingDim', embeddingDim);
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = normalizePaddingIdx('Embedding', options.paddingIdx ?? null, numEmbeddings);
    this.normType = options.normType ?? 2;
    this.maxNorm = checkMaxNorm('Embedding', options.maxNorm ?? null, this.normType);
    this.weight = this.registerParameter('weight', asOp(this.typeName, () => zeros([numEmbeddings, embeddingDim], { dtype: options.dtype ?? 'float32' })));
    this.resetParameters(options.generator);
  }

  /**
   * An Embedding holding `embeddings` [numEmbeddings, embeddingDim] (copied), frozen (no gradient)
   * unless `freeze: false`, as PyTorch's `Embedding.from_pretrained`: the padding row keeps its
   * given values, and no random numbers are drawn.
   *
   * ```ts
   * const emb = Embedding.fromPretrained(tensor([[1, 2], [3, 4]]));
   * emb.forward(tensor([1], { dtype: 'int32' })).toArray(); // [[3, 4]]
   * ```
   */
  static fromPretrained(embeddings: Tensor, options: Omit<EmbeddingLayerOptions, 'dtype' | 'generator'> & { freeze?: boolean } = {}): Embedding {
    checkTensor('Embedding.fromPretrained', 'embeddings', embeddings);
    const { freeze = true, ...rest } = options;
    checkOptions('Embedding.fromPretrained', rest, EMBEDDING_OPTIONS);
    if (embeddings.ndim !== 2 || (embeddings.dtype !== 'float32' && embeddings.dtype !== 'float64')) {
      throw new ValueError('Embedding.fromPretrained', `embeddings must be a 2-D float tensor [numEmbeddings, embeddingDim], got ${embeddings.dtype} ${fmtShape(embeddings.shape)}`);
    }
    if (typeof freeze !== 'boolean') throw new ValueError('Embedding.fromPretrained', `freeze must be true or false, got ${formatValue(freeze)}`);
    const [rows, cols] = embeddings.shape as [number, number];
    // a generator of its own: building the layer draws no numbers from the global one
    const layer = new Embedding(rows, cols, { ...rest, dtype: embeddings.dtype, generator: new Generator() });
    noGrad(() => layer.weight.copy_(embeddings));
    layer.weight.requiresGrad_(!freeze);
    return layer;
  }

  /** Draws fresh N(0, 1) values and zeroes the padding row (PyTorch's reset_parameters). */
  resetParameters(generator?: Generator): void {
    normal_(this.weight, 0, 1, { generator });
    if (this.paddingIdx !== null) {
      const row = this.weight.detach().select(0, this.paddingIdx);
      noGrad(() => row.zero_());
    }
  }

  /** int32 indices of any shape [...] → [..., embeddingDim]. */
  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return embedding(input, this.weight, { paddingIdx: this.paddingIdx, maxNorm: this.maxNorm, normType: this.normType });
  }

  override extraRepr(): string {
    // PyTorch's extra_repr: padding_idx, max_norm and norm_type only when set (norm_type when not 2)
    const extras = [
      this.paddingIdx === null ? '' : `, paddingIdx=${this.paddingIdx}`,
      this.maxNorm === null ? '' : `, maxNorm=${pyFloat(this.maxNorm)}`,
      this.normType === 2 ? '' : `, normType=${pyFloat(this.normType)}`,
    ];
    return `${this.numEmbeddings}, ${this.embeddingDim}${extras.join('')}`;
  }
}
