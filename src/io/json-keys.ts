/**
 * Duplicate-key detection for JSON text. `JSON.parse` keeps the last of two equal keys without a
 * word; the safetensors format forbids duplicates, and a parser that silently disagrees with the
 * reference parser about which entry wins is a known attack surface.
 * @module
 */

/**
 * The first key that appears twice in one object of `text` (which must already be valid JSON,
 * e.g. checked by `JSON.parse`), with the path of the object holding it; null when there is none.
 *
 * ```ts
 * findDuplicateKey('{"a": 1, "b": {"c": 2, "c": 3}}'); // { key: 'c', path: 'b' }
 * ```
 */
export function findDuplicateKey(text: string): { key: string; path: string } | null {
  const stack: { keys: Set<string> | null; name: string; expectKey: boolean }[] = [];
  let lastKey = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return { key, path: stack.slice(1).map((s) => s.name).join('.') };
        top.keys.add(key);
        top.expectKey = false;
        lastKey = key;
      }
      i = j;
    } else if (c === '{' || c === '[') {
      stack.push({ keys: c === '{' ? new Set() : null, name: lastKey, expectKey: c === '{' });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.keys) top.expectKey = true;
    }
  }
  return null;
}
