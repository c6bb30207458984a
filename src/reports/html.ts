import escapeHtml from 'escape-html';

/**
 * A tiny HTML template tag that escapes every interpolated value unless it is already SafeHtml. Enterprise names
 * and every other string reach the report only through it, so user input can never become markup.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | null | undefined | false | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Markup produced by trusted code (ECharts' server-side SVG, the stylesheet); never user input. */
export const trusted = (markup: string) => new SafeHtml(markup);
