import type { Viewer } from '../auth/viewer';
import { Role } from '../auth/role';

/**
 * Who may see which row: the one place row visibility is written.
 *
 * It answers two questions, both derived from one rule per kind of row (RULES below):
 * - `visibleSql(viewer, kind, alias)`: an SQL predicate on a table alias, for lists, counts,
 *   statistics and anything planned as SQL;
 * - `canSee(viewer, kind, row)`: a check on one loaded row, for `node`, root fields by id,
 *   nested fields, subscription events and replayed mutation results.
 *
 * Role-level refusals (a CUSTOMER asking for `parts` is FORBIDDEN) stay with `@Authorized`;
 * this module decides which rows exist for a viewer that may ask. Staff see every row; a
 * CUSTOMER sees its own record, tickets, interactions and their events, and published
 * knowledge articles. A row it may not see does not exist for it (null, never an error
 * that confirms it exists).
 *
 * It imports no GraphQL and no domain module: rows are read structurally, by the fields below.
 */

/** Every kind of row the API serves, by GraphQL type name (`TicketEvent`: a ticket's `event_log` row). */
export type RowKind =
  | 'Customer'
  | 'Ticket'
  | 'Interaction'
  | 'TicketEvent'
  | 'KnowledgeArticle'
  | 'Agent'
  | 'ServiceLevel'
  | 'Part'
  | 'StockLocation'
  | 'StockLevel'
  | 'StockMovement'
  | 'PartReservation';

/** What the row check reads of each kind: entities, event rows and plain objects all fit. */
export interface RowOf {
  Customer: { id: string };
  Ticket: { customerId: string };
  Interaction: { customerId: string };
  TicketEvent: { customerId: string | null };
  KnowledgeArticle: { published: boolean };
  Agent: object;
  ServiceLevel: object;
  Part: object;
  StockLocation: object;
  StockLevel: object;
  StockMovement: object;
  PartReservation: object;
}

/**
 * How a CUSTOMER viewer sees a kind of row:
 * - `own`: the rows whose `column` (SQL) / `field` (loaded row) is the viewer's customer id;
 * - `flag`: the rows whose boolean `column` / `field` is true;
 * - `related`: no row on its own (no list, no `node`), but shown as the relation of a row it
 *   sees (its ticket's assignee, its service level);
 * - `none`: nothing.
 */
type Rule =
  | { kind: 'own'; column: string; field: string }
  | { kind: 'flag'; column: string; field: string }
  | { kind: 'related' }
  | { kind: 'none' };

const CUSTOMER_RULES: Record<RowKind, Rule> = {
  Customer: { kind: 'own', column: 'id', field: 'id' },
  Ticket: { kind: 'own', column: 'customer_id', field: 'customerId' },
  Interaction: { kind: 'own', column: 'customer_id', field: 'customerId' },
  TicketEvent: { kind: 'own', column: 'customer_id', field: 'customerId' },
  KnowledgeArticle: { kind: 'flag', column: 'published', field: 'published' },
  Agent: { kind: 'related' },
  ServiceLevel: { kind: 'related' },
  Part: { kind: 'none' },
  StockLocation: { kind: 'none' },
  StockLevel: { kind: 'none' },
  StockMovement: { kind: 'none' },
  PartReservation: { kind: 'none' },
};

/** A CUSTOMER is confined to its own data; every other role sees every row it may ask for. */
const confined = (viewer: Viewer): boolean => viewer.role === Role.CUSTOMER;

/** The rule a viewer sees a kind by; null: every row. */
function ruleFor(viewer: Viewer, kind: RowKind): Rule | null {
  return confined(viewer) ? CUSTOMER_RULES[kind] : null;
}

export function isRowKind(name: string): name is RowKind {
  return Object.prototype.hasOwnProperty.call(CUSTOMER_RULES, name);
}

/** The customer a viewer is confined to (its own data only), or null when it is not confined. */
export function ownCustomerId(viewer: Viewer): string | null {
  return confined(viewer) ? viewer.customerId : null;
}

// ---------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------

/** Takes a parameter value and returns its placeholder in the SQL text (`$3`, `:name`, …). */
export type Bind = (value: unknown) => string;

export interface SqlPredicate {
  /** a boolean SQL expression over the alias, e.g. `t.customer_id = :visibleCustomer` */
  sql: string;
  /** named parameters for the default binder; empty when a `bind` was given */
  params: Record<string, unknown>;
}

/** A binder for positional parameters: appends to `values` and answers `$<n>`. */
export function positional(values: unknown[]): Bind {
  return (value) => {
    values.push(value);
    return `$${values.length}`;
  };
}

/**
 * The rows of `kind` under `alias` the viewer may see, as SQL; null when it sees them all.
 *
 * TypeORM query builders take it as it is: `const v = visibleSql(viewer, 'Ticket', 't');
 * if (v) qb.andWhere(v.sql, v.params)` (the one named parameter is `:visibleCustomer`, the
 * same value wherever it appears, so several predicates may share a statement). Raw SQL
 * passes a binder: `visibleSql(viewer, 'TicketEvent', 'e', positional(values))?.sql`, or
 * `(v) => params.add(v)` for the filter builder's Params.
 */
export function visibleSql(viewer: Viewer, kind: RowKind, alias: string, bind?: Bind): SqlPredicate | null {
  return predicate(viewer, kind, alias, bind, false);
}

/**
 * `visibleSql` for the row of a relation field reached from a row the viewer sees (the SQL twin
 * of `visibleRelation`): `related` kinds (agents, service levels) are unrestricted here.
 */
export function relationSql(viewer: Viewer, kind: RowKind, alias: string, bind?: Bind): SqlPredicate | null {
  return predicate(viewer, kind, alias, bind, true);
}

function predicate(viewer: Viewer, kind: RowKind, alias: string, bind: Bind | undefined, relation: boolean): SqlPredicate | null {
  const rule = ruleFor(viewer, kind);
  if (!rule || (relation && rule.kind === 'related')) return null;
  const params: Record<string, unknown> = {};
  const placeholder: Bind =
    bind ??
    ((value) => {
      params.visibleCustomer = value;
      return ':visibleCustomer';
    });
  switch (rule.kind) {
    case 'own':
      return { sql: viewer.customerId ? `${alias}.${rule.column} = ${placeholder(viewer.customerId)}` : 'FALSE', params };
    case 'flag':
      return { sql: `${alias}.${rule.column} = TRUE`, params };
    case 'related':
    case 'none':
      return { sql: 'FALSE', params };
  }
}

/** Whether any row of `kind` may be visible to the viewer: false lets a caller skip a query that could only find nothing. */
export function seesAny(viewer: Viewer, kind: RowKind): boolean {
  const rule = ruleFor(viewer, kind);
  return !rule || rule.kind === 'own' || rule.kind === 'flag';
}

// ---------------------------------------------------------------------------
// One row
// ---------------------------------------------------------------------------

function check(viewer: Viewer, rule: Rule | null, row: object, relation: boolean): boolean {
  if (!rule) return true;
  const value = (field: string) => (row as Record<string, unknown>)[field];
  switch (rule.kind) {
    case 'own':
      return viewer.customerId !== null && value(rule.field) === viewer.customerId;
    case 'flag':
      return value(rule.field) === true;
    case 'related':
      return relation;
    case 'none':
      return false;
  }
}

/** May the viewer see this row on its own (a list, `node`, a root field by id, an event, a replay)? */
export function canSee<K extends RowKind>(viewer: Viewer, kind: K, row: RowOf[K]): boolean {
  return check(viewer, ruleFor(viewer, kind), row, false);
}

/** The row when the viewer may see it, else null (for a loader's `row | null`). */
export function visibleRow<K extends RowKind, R extends RowOf[K]>(viewer: Viewer, kind: K, row: R | null | undefined): R | null {
  return row && canSee(viewer, kind, row) ? row : null;
}

/**
 * The row of a relation field (a ticket's customer, an interaction's ticket, a ticket's
 * assignee), reached from a row the viewer sees: null when the viewer may not see it.
 * `related` kinds (agents, service levels) are shown here though they have no list or node.
 */
export function visibleRelation<K extends RowKind, R extends RowOf[K]>(viewer: Viewer, kind: K, row: R | null | undefined): R | null {
  return row && check(viewer, ruleFor(viewer, kind), row, true) ? row : null;
}

/**
 * `canSee` for a value known only by its type name (a `node` id's type, the class of a
 * replayed payload's record). A name that is no kind of row is seen by staff only.
 */
export function canSeeNamed(viewer: Viewer, typeName: string, row: object): boolean {
  if (isRowKind(typeName)) return canSee(viewer, typeName, row as never);
  return !confined(viewer);
}
