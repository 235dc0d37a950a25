/** Parameterised SQL fragments: text with `?` placeholders and their values, in order. */
export type SqlArg = string | number | null;

export interface Frag {
  readonly sql: string;
  readonly args: readonly SqlArg[];
}

/** A fragment from text and its args. */
export const frag = (sql: string, ...args: SqlArg[]): Frag => ({ sql, args });

export const TRUE: Frag = frag('1');
export const FALSE: Frag = frag('0');

/** Joins fragments with `sep`, each parenthesised. */
export function join(parts: readonly Frag[], sep: ' AND ' | ' OR ' | ', ', empty: Frag = TRUE): Frag {
  if (parts.length === 0) return empty;
  if (parts.length === 1 && sep !== ', ') return parts[0] as Frag;
  return {
    sql: parts.map((p) => (sep === ', ' ? p.sql : `(${p.sql})`)).join(sep),
    args: parts.flatMap((p) => p.args),
  };
}

/** `(a) AND (b) ...` */
export const and = (...parts: Frag[]): Frag => join(parts, ' AND ');
/** `(a) OR (b) ...`; no parts means false. */
export const or = (parts: readonly Frag[]): Frag => join(parts, ' OR ', FALSE);

/** Wraps `inner` with literal text before and after. */
export const wrap = (before: string, inner: Frag, after: string): Frag => ({ sql: `${before}${inner.sql}${after}`, args: inner.args });

/** `?, ?, ?` placeholders for a list. */
export function list(values: readonly SqlArg[]): Frag {
  return { sql: values.map(() => '?').join(', '), args: values };
}

/** Highest code point, used as an exclusive upper bound for prefix ranges (`x >= p AND x < p || MAX`). */
export const MAX_CHAR = '\u{10FFFF}';
