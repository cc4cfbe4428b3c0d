/**
 * `require('chainrule')` and its subpaths: chainrule is an ES module. Node 20.19+, 22.12+ and 23+
 * can `require()` one; older versions fail with ERR_REQUIRE_ESM, which this turns into a message
 * that says what to do instead.
 * @module
 */

/** Loads an entry's ES module with `load` (a `require` call), or explains that `specifier` is ESM-only. */
export function requireEsm(load: () => unknown, specifier: string): unknown {
  try {
    return load();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_REQUIRE_ESM') throw error;
    throw new Error(
      `${specifier} is an ES module only (ESM-only) package, and this Node (${process.versions.node}) cannot require() ES modules. ` +
        `Use import (\`import { tensor } from '${specifier}'\`, or \`await import('${specifier}')\` in CommonJS), or a Node that can: 20.19+, 22.12+ or 23+ (without --no-experimental-require-module).`,
      { cause: error },
    );
  }
}
