/** Reading Vega's SVG output in tests: the drawn marks of each mark group, with their ARIA labels and positions. */

export interface DrawnMark {
  /** Vega's aria-label, e.g. 'col: 1; row: 0; value: 2' (absent for lines). */
  label: string;
  /** The start of the path (`d="M x,y …"`) or the text's translate, relative to its group. */
  x: number;
  y: number;
  /** The text content of text marks. */
  text: string;
}

/** The mark groups of `type` ('line', 'rect', 'text', 'symbol') drawn as data marks, each a list of marks. */
export function markGroups(svg: string, type: string): DrawnMark[][] {
  const groups = svg.matchAll(new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>(.*?)</g>`, 'g'));
  return [...groups].map(([, body]) =>
    [...body!.matchAll(/<(path|text)\b([^>]*?)(?:\/>|>([^<]*)<\/text>)/g)].map(([, , attrs, text]) => {
      const label = /aria-label="([^"]*)"/.exec(attrs!)?.[1] ?? '';
      const at = /\sd="M(-?[\d.]+),(-?[\d.]+)/.exec(attrs!) ?? /translate\((-?[\d.]+),(-?[\d.]+)\)/.exec(attrs!);
      return { label, x: Number(at?.[1] ?? NaN), y: Number(at?.[2] ?? NaN), text: text ?? '' };
    }),
  );
}

/** The texts of the axis labels, one list per axis, in the order Vega draws them. */
export function axisLabels(svg: string): string[][] {
  return [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/g)].map(([, body]) => [...body!.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]!));
}

/** The texts of the small titles (facet headers, chart titles). */
export function titleTexts(svg: string): string[] {
  return [...svg.matchAll(/<g class="mark-text role-title-text"[^>]*>(.*?)<\/g>/g)].flatMap(([, body]) => [...body!.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]!));
}
