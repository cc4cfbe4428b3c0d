/**
 * Loads @tensorflow/tfjs-core with the CPU backend *and its gradients*.
 *
 * tfjs-core's Node entry (dist/tf-core.node.js) registers kernels but no gradient functions: the
 * union package @tensorflow/tfjs adds them by importing `@tensorflow/tfjs-core/dist/register_all_gradients`,
 * an ES module of tfjs-core's own gradient code that Node cannot load as shipped (extensionless
 * imports in a package without "type": "module"). tfjs-esm-hooks.mjs teaches Node to load that tree;
 * tfjs keeps its engine and registries in a global namespace, so the gradients it registers are the
 * ones tf.grads uses. The benchmark therefore runs tfjs's real gradient code, not ours.
 */
import { register } from 'node:module';

export async function loadTfjs() {
  register('./tfjs-esm-hooks.mjs', import.meta.url);
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-cpu');
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  // Production mode ("disables correctness checks in favor of performance", per tfjs's docs; it also
  // silences the "install tfjs-node" banner): tfjs at its fastest.
  tf.enableProdMode();
  await tf.setBackend('cpu');
  await tf.ready();
  if (tf.getBackend() !== 'cpu') throw new Error(`tfjs backend is ${tf.getBackend()}, expected cpu`);
  return tf;
}
