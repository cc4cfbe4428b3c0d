/**
 * "Did you mean …?": the known names nearest to a mistyped one, by edit distance.
 * @module
 */

/** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** Up to `count` of `known`, nearest to `name` first (ties in the order of `known`). */
export function nearest(name: string, known: readonly string[], count = 3): string[] {
  return known
    .map((candidate, index) => ({ candidate, index, distance: editDistance(name, candidate) }))
    .sort((x, y) => x.distance - y.distance || x.index - y.index)
    .slice(0, count)
    .map(({ candidate }) => candidate);
}
