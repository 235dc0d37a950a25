/**
 * Where each value kind lives: its own index table, or the generic columns of `idx_composite` when it
 * is a component of a composite tuple. The search compiler writes conditions against these names so
 * one condition builder serves both.
 */
export interface KindColumns {
  readonly system: string;
  readonly code: string;
  readonly text: string;
  readonly norm: string;
  readonly exact: string;
  readonly low: string;
  readonly high: string;
  readonly value: string;
  readonly cvalue: string;
  readonly ccode: string;
  readonly ref: string;
  readonly idSystem: string;
  readonly idValue: string;
  readonly uri: string;
}

/** Columns of the per-kind tables (each table only has the ones of its kind). */
export const TABLE_COLUMNS: KindColumns = {
  system: 'system', code: 'code', text: 'text', norm: 'norm', exact: 'exact', low: 'low', high: 'high',
  value: 'value', cvalue: 'cvalue', ccode: 'ccode', ref: 'ref', idSystem: 'id_system', idValue: 'id_value', uri: 'value',
};

/**
 * Composite component columns: token (a=system b=code c=text), string (a=norm b=exact),
 * date (x=low y=high), number (x=low y=high z=value), quantity (a=system b=code c=canonical code,
 * x=low y=high z=value w=canonical value), reference (a=ref b=identifier system c=identifier value), uri (a).
 */
export const COMPOSITE_COLUMNS: KindColumns = {
  system: 'a', code: 'b', text: 'c', norm: 'a', exact: 'b', low: 'x', high: 'y', value: 'z', cvalue: 'w',
  ccode: 'c', ref: 'a', idSystem: 'b', idValue: 'c', uri: 'a',
};

/** The index table of each non-composite value kind. */
export const TABLE_BY_KIND = {
  token: 'idx_token',
  string: 'idx_string',
  date: 'idx_date',
  number: 'idx_number',
  quantity: 'idx_quantity',
  reference: 'idx_reference',
  uri: 'idx_uri',
} as const;

export type ValueKind = keyof typeof TABLE_BY_KIND;
