/**
 * Node module hooks that let Node load tfjs-core's ESM build (dist/**.js), which uses
 * extensionless relative imports and sits in a package without "type": "module".
 * Registered by tfjs-gradients.mjs only; see there for why.
 */
const ESM_TREE = '/@tensorflow/tfjs-core/dist/';

function inEsmTree(url) {
  return url !== undefined && url.includes(ESM_TREE) && !/\/tf-core[^/]*\.js$/.test(url);
}

export async function resolve(specifier, context, nextResolve) {
  if (inEsmTree(context.parentURL) && specifier.startsWith('.') && !specifier.endsWith('.js')) {
    try {
      return await nextResolve(`${specifier}.js`, context);
    } catch {
      return nextResolve(`${specifier}/index.js`, context);
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (inEsmTree(url)) return nextLoad(url, { ...context, format: 'module' });
  return nextLoad(url, context);
}
