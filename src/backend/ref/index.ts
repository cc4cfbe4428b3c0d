/**
 * The reference backend: readable TypeScript over typed arrays, the oracle every other backend
 * is tested against, and what a debugger steps through.
 * @module
 */
import type { Backend } from '../backend.js';
import { binary, compare, copy, scaledAdd, unary, where } from './elementwise.js';
import { gather, indexAdd, indexSelect, scatterAdd } from './indexing.js';
import { matmul } from './matmul.js';
import { argReduce, reduce } from './reduce.js';
import { col2im, im2col, im2colMatmul, matmulCol2im } from './conv.js';
import { maxPoolIndices } from './pool.js';
import { adamStep } from './adam.js';
import { lstmCell, lstmCellBackward } from './lstm-cell.js';
import { lstmRecurrence, lstmRecurrenceBackward } from './lstm-recurrence.js';
import { rnnRecurrence, rnnRecurrenceBackward } from './rnn-recurrence.js';
import { gruRecurrence, gruRecurrenceBackward } from './gru-recurrence.js';
import { cumsum } from './scan.js';
import { softmax } from './softmax.js';
import { cumulative, cumulativeIndices, sortIndices } from './order.js';
import { scatterReduce } from './scatter-reduce.js';

/** The plain-TypeScript backend. */
export const refBackend: Backend = {
  name: 'ref',
  copy,
  unary,
  binary,
  scaledAdd,
  compare,
  where,
  reduce,
  argReduce,
  softmax,
  cumsum,
  sortIndices,
  cumulativeIndices,
  cumulative,
  scatterReduce,
  matmul,
  gather,
  scatterAdd,
  indexSelect,
  indexAdd,
  im2col,
  col2im,
  im2colMatmul,
  matmulCol2im,
  maxPoolIndices,
  adamStep,
  lstmCell,
  lstmCellBackward,
  lstmRecurrence,
  lstmRecurrenceBackward,
  rnnRecurrence,
  rnnRecurrenceBackward,
  gruRecurrence,
  gruRecurrenceBackward,
};
