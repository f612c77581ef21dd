/**
 * A derived value described once and rendered twice: to an SQL expression (filters,
 * statistics) and to a TypeScript function (a loaded row, a value computed before a write).
 * The description is a small expression over the row's fields (camelCase; in SQL the
 * snake_case column of a table alias) and named parameters such as `now`.
 *
 * The TypeScript side follows SQL's semantics, so the two cannot disagree on a NULL:
 * an operator with a NULL operand is NULL, AND/OR/NOT are three-valued, a CASE arm whose
 * condition is NULL is not taken, COALESCE takes the first non-NULL. Timestamps compare by
 * instant. Property tests run both sides over generated rows (test/sla-agreement.test.ts,
 * test/stock-agreement.test.ts).
 */
export type Expr =
  | { k: 'field'; name: string }
  | { k: 'param'; name: string }
  | { k: 'lit'; value: string | number }
  | { k: 'null' }
  | { k: 'isNull'; e: Expr }
  | { k: 'cmp'; op: '=' | '<' | '<=' | '>' | '>='; l: Expr; r: Expr }
  | { k: 'minus'; l: Expr; r: Expr }
  | { k: 'and' | 'or'; es: Expr[] }
  | { k: 'not'; e: Expr }
  | { k: 'coalesce'; es: Expr[] }
  | { k: 'oneOf'; e: Expr; values: string[] }
  | { k: 'case'; when: [Expr, Expr][]; else: Expr };

export type Value = string | number | boolean | Date | null;

export const field = (name: string): Expr => ({ k: 'field', name });
export const param = (name: string): Expr => ({ k: 'param', name });
export const lit = (value: string | number): Expr => ({ k: 'lit', value });
export const NULL: Expr = { k: 'null' };
export const isNull = (e: Expr): Expr => ({ k: 'isNull', e });
export const notNull = (e: Expr): Expr => ({ k: 'not', e: isNull(e) });
export const eq = (l: Expr, r: Expr): Expr => ({ k: 'cmp', op: '=', l, r });
export const lt = (l: Expr, r: Expr): Expr => ({ k: 'cmp', op: '<', l, r });
export const lte = (l: Expr, r: Expr): Expr => ({ k: 'cmp', op: '<=', l, r });
export const gt = (l: Expr, r: Expr): Expr => ({ k: 'cmp', op: '>', l, r });
export const gte = (l: Expr, r: Expr): Expr => ({ k: 'cmp', op: '>=', l, r });
export const minus = (l: Expr, r: Expr): Expr => ({ k: 'minus', l, r });
export const and = (...es: Expr[]): Expr => ({ k: 'and', es });
export const or = (...es: Expr[]): Expr => ({ k: 'or', es });
export const not = (e: Expr): Expr => ({ k: 'not', e });
export const coalesce = (...es: Expr[]): Expr => ({ k: 'coalesce', es });
export const oneOf = (e: Expr, values: readonly string[]): Expr => ({ k: 'oneOf', e, values: [...values] });
/** CASE WHEN … THEN … ELSE … END; the first arm whose condition is true wins */
export const cases = (when: [Expr, Expr][], otherwise: Expr = NULL): Expr => ({ k: 'case', when, else: otherwise });

export interface SqlNames {
  /** the SQL for a row field, e.g. `(f) => \`t.${snake(f)}\`` */
  field: (name: string) => string;
  /** the SQL for each parameter the expression uses (a placeholder or a column) */
  params?: Record<string, string>;
}

export const snake = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** Field `name` of the table alias `a`, named as the schema names columns. */
export const columnsOf = (a: string): SqlNames['field'] => (name) => `${a}.${snake(name)}`;

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function toSql(e: Expr, names: SqlNames): string {
  const r = (x: Expr) => toSql(x, names);
  switch (e.k) {
    case 'field':
      return names.field(e.name);
    case 'param': {
      const sql = names.params?.[e.name];
      if (sql === undefined) throw new Error(`rule parameter "${e.name}" has no SQL: pass it in params`);
      return sql;
    }
    case 'lit':
      if (typeof e.value === 'number') {
        if (!Number.isFinite(e.value)) throw new Error('rule literals must be finite numbers');
        return String(e.value);
      }
      return quote(e.value);
    case 'null':
      return 'NULL';
    case 'isNull':
      return `(${r(e.e)} IS NULL)`;
    case 'cmp':
      return `(${r(e.l)} ${e.op} ${r(e.r)})`;
    case 'minus':
      return `(${r(e.l)} - ${r(e.r)})`;
    case 'and':
    case 'or':
      return '(' + e.es.map(r).join(e.k === 'and' ? ' AND ' : ' OR ') + ')';
    case 'not':
      return `(NOT ${r(e.e)})`;
    case 'coalesce':
      return `COALESCE(${e.es.map(r).join(', ')})`;
    case 'oneOf':
      return `(${r(e.e)} IN (${e.values.map(quote).join(', ')}))`;
    case 'case':
      return `(CASE ${e.when.map(([c, v]) => `WHEN ${r(c)} THEN ${r(v)}`).join(' ')} ELSE ${r(e.else)} END)`;
  }
}

type Row = Readonly<Record<string, unknown>>;
type Fn = (row: Row, params: Row) => Value;

const scalar = (v: unknown): Value => (v === undefined ? null : (v as Value));
const ordinal = (v: Value): number | string | boolean => (v instanceof Date ? v.getTime() : (v as number | string | boolean));

/** The expression as a TypeScript function of (row, params), built once. */
export function compile(e: Expr): Fn {
  switch (e.k) {
    case 'field': {
      const name = e.name;
      return (row) => scalar(row[name]);
    }
    case 'param': {
      const name = e.name;
      return (_row, params) => {
        if (!(name in params)) throw new Error(`rule parameter "${name}" was not given`);
        return scalar(params[name]);
      };
    }
    case 'lit': {
      const v = e.value;
      return () => v;
    }
    case 'null':
      return () => null;
    case 'isNull': {
      const x = compile(e.e);
      return (row, p) => x(row, p) === null;
    }
    case 'cmp': {
      const l = compile(e.l);
      const r = compile(e.r);
      const op = e.op;
      return (row, p) => {
        const a = l(row, p);
        const b = r(row, p);
        if (a === null || b === null) return null;
        const x = ordinal(a);
        const y = ordinal(b);
        switch (op) {
          case '=':
            return x === y;
          case '<':
            return x < y;
          case '<=':
            return x <= y;
          case '>':
            return x > y;
          case '>=':
            return x >= y;
        }
      };
    }
    case 'minus': {
      const l = compile(e.l);
      const r = compile(e.r);
      return (row, p) => {
        const a = l(row, p);
        const b = r(row, p);
        if (a === null || b === null) return null;
        if (typeof a !== 'number' || typeof b !== 'number') throw new Error('rule subtraction takes numbers');
        return a - b;
      };
    }
    case 'and':
    case 'or': {
      const parts = e.es.map(compile);
      // AND: false wins, else NULL wins, else true; OR the same with true and false swapped
      const decisive = e.k === 'or';
      return (row, p) => {
        let sawNull = false;
        for (const part of parts) {
          const v = part(row, p);
          if (v === null) sawNull = true;
          else if (v === decisive) return decisive;
        }
        return sawNull ? null : !decisive;
      };
    }
    case 'not': {
      const x = compile(e.e);
      return (row, p) => {
        const v = x(row, p);
        return v === null ? null : !v;
      };
    }
    case 'coalesce': {
      const parts = e.es.map(compile);
      return (row, p) => {
        for (const part of parts) {
          const v = part(row, p);
          if (v !== null) return v;
        }
        return null;
      };
    }
    case 'oneOf': {
      const x = compile(e.e);
      const values = new Set<unknown>(e.values);
      return (row, p) => {
        const v = x(row, p);
        return v === null ? null : values.has(v);
      };
    }
    case 'case': {
      const arms = e.when.map(([c, v]) => [compile(c), compile(v)] as const);
      const otherwise = compile(e.else);
      return (row, p) => {
        for (const [c, v] of arms) if (c(row, p) === true) return v(row, p);
        return otherwise(row, p);
      };
    }
  }
}
