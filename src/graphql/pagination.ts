import DataLoader from 'dataloader';
import { ArgsType, ClassType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { badRequest } from '../errors';

export enum SortDirection { ASC = 'ASC', DESC = 'DESC' }
registerEnumType(SortDirection, { name: 'SortDirection' });

export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, default ${DEFAULT_PAGE}, at most ${MAX_PAGE}` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: Promise<number> | number;
}

/** Declares `<Name>Connection` and `<Name>Edge` for a node type. */
export function connectionType<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor!: string;

    @Field(() => nodeType)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => [nodeType])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'How many match the filter, across all pages' })
    totalCount!: number;
  }
  return ConnectionType;
}

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE) {
    throw badRequest(`first must be between 0 and ${MAX_PAGE}`);
  }
  return first;
}

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, arity: number): string[] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === 'string')) return v;
  } catch {
    /* fall through */
  }
  throw badRequest('after is not a cursor this list returned; pass a pageInfo.endCursor or edges.cursor');
}

export interface SortSpec {
  /** SQL expression to sort by (unique together with the id column) */
  expr: string;
  direction: SortDirection;
}

/**
 * A list as SQL over one table alias: what the viewer may see and the filter (WHERE conjuncts
 * with named parameters) and the order. The resolvers page it with `paginate`, the compiled
 * read path builds it into its one statement: one description, two executions.
 */
export interface ListPlan {
  where: { sql: string; params: Record<string, unknown> }[];
  sort: SortSpec;
}

/** Pages a list plan over a query builder whose alias the plan was made for. */
export function paginatePlan<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  plan: ListPlan,
  args: { first?: number | null; after?: string | null },
  parent?: ParentScope<T>,
): Promise<Connection<T>> {
  for (const w of plan.where) qb.andWhere(w.sql, w.params);
  return paginate(qb, args, plan.sort, parent);
}

/**
 * A list under a parent object (a customer's tickets, a level's movements): the parent's key
 * column, its id, and where batched pages are shared for the request (the request's loaders).
 */
export interface ParentScope<T> {
  /** per-request store of the batch loaders, keyed by the query's shape */
  memo: Map<string, unknown>;
  /** SQL expression of the parent key on the list's alias, e.g. `t.customer_id` */
  expr: string;
  id: string;
  /** the parent key of a loaded row */
  of: (row: T) => string;
}

/**
 * Keyset pagination over a query builder: orders by (expr, id), seeks past the cursor, and
 * counts lazily (the count query runs only when `totalCount` is selected).
 *
 * With a parent scope and no `after`, the first pages of every parent asked for in the same
 * tick are read in one statement (a row_number() window per parent) and counted in one more,
 * so a relation field costs the same statements for 10 parents as for 100.
 */
export async function paginate<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  args: { first?: number | null; after?: string | null },
  sort: SortSpec,
  parent?: ParentScope<T>,
): Promise<Connection<T>> {
  const limit = pageSize(args.first);
  if (parent && !args.after) return batchedPage(qb, limit, sort, parent);
  if (parent) qb.andWhere(`${parent.expr} = :__parent`, { __parent: parent.id });
  const alias = qb.alias;
  const idExpr = `${alias}.id`;
  const countQb = qb.clone();
  const dir = sort.direction === SortDirection.DESC ? 'DESC' : 'ASC';
  if (args.after) {
    const [v, id] = decodeCursor(args.after, 2);
    const op = dir === 'DESC' ? '<' : '>';
    qb.andWhere(`(${sort.expr}, ${idExpr}) ${op} (:__cv, CAST(:__cid AS uuid))`, { __cv: v, __cid: id });
  }
  qb.addSelect(`(${sort.expr})::text`, '__sort')
    .orderBy(sort.expr, dir)
    .addOrderBy(idExpr, dir)
    .limit(limit + 1);
  const { entities, raw } = limit === 0 ? { entities: [], raw: [] } : await qb.getRawAndEntities();
  const hasNextPage = entities.length > limit;
  const page = entities.slice(0, limit);
  // raw rows align with entities when every row maps to one entity (no joins that multiply rows)
  const edges = page.map((node, i) => ({
    node,
    cursor: encodeCursor([raw[i].__sort as string, (node as unknown as { id: string }).id]),
  }));
  let count: Promise<number> | undefined;
  return {
    edges,
    nodes: page,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    get totalCount() {
      count ??= countQb.getCount();
      return count;
    },
  };
}

function memoLoader<V>(memo: Map<string, unknown>, key: string, batch: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
  let l = memo.get(key) as DataLoader<string, V> | undefined;
  if (!l) {
    l = new DataLoader<string, V>(batch);
    memo.set(key, l);
  }
  return l;
}

function batchedPage<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, limit: number, sort: SortSpec, parent: ParentScope<T>): Promise<Connection<T>> {
  const alias = qb.alias;
  const dir = sort.direction === SortDirection.DESC ? 'DESC' : 'ASC';
  // the query's shape without the parent: equal for every parent of the same field and arguments
  const shape = JSON.stringify([qb.getQuery(), qb.getParameters(), limit, sort, parent.expr]);
  const countLoader = memoLoader<number>(parent.memo, `count:${shape}`, async (ids) => {
    const rows: { k: string; n: string }[] = await qb
      .clone()
      .select(parent.expr, 'k')
      .addSelect('count(*)', 'n')
      .andWhere(`${parent.expr} = ANY(:__parents)`, { __parents: ids })
      .groupBy(parent.expr)
      .getRawMany();
    const map = new Map(rows.map((r) => [r.k, Number(r.n)]));
    return ids.map((id) => map.get(id) ?? 0);
  });
  const pageLoader = memoLoader<Connection<T>>(parent.memo, `page:${shape}`, async (ids) => {
    const byParent = new Map<string, { node: T; sort: string }[]>();
    if (limit > 0) {
      const ranked = qb
        .clone()
        .select(`${alias}.id`, '__id')
        .addSelect(`row_number() OVER (PARTITION BY ${parent.expr} ORDER BY ${sort.expr} ${dir}, ${alias}.id ${dir})`, '__rn')
        .andWhere(`${parent.expr} = ANY(:__parents)`, { __parents: ids });
      const page = qb.connection
        .createQueryBuilder<T>(qb.expressionMap.mainAlias!.target, alias)
        .where(`${alias}.id IN (SELECT "__id" FROM (${ranked.getQuery()}) "__ranked" WHERE "__rn" <= :__n)`)
        .setParameters({ ...ranked.getParameters(), __n: limit + 1 })
        .addSelect(`(${sort.expr})::text`, '__sort')
        .orderBy(sort.expr, dir)
        .addOrderBy(`${alias}.id`, dir);
      const { entities, raw } = await page.getRawAndEntities();
      entities.forEach((node, i) => {
        const k = parent.of(node);
        const list = byParent.get(k) ?? [];
        list.push({ node, sort: raw[i].__sort as string });
        byParent.set(k, list);
      });
    }
    return ids.map((id) => {
      const rows = byParent.get(id) ?? [];
      const items = rows.slice(0, limit);
      const edges = items.map((r) => ({ node: r.node, cursor: encodeCursor([r.sort, (r.node as unknown as { id: string }).id]) }));
      let count: Promise<number> | undefined;
      return {
        edges,
        nodes: items.map((r) => r.node),
        pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
        get totalCount() {
          count ??= countLoader.load(id);
          return count;
        },
      };
    });
  });
  return pageLoader.load(parent.id);
}

/** A connection over an in-memory list already in order (small lists, batched loaders). */
export function connectionFromList<T extends { id: string }>(
  items: T[],
  hasNextPage: boolean,
  totalCount: Promise<number> | number,
  cursorOf: (t: T) => string[],
): Connection<T> {
  const edges = items.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return {
    edges,
    nodes: items,
    pageInfo: { hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}

export { decodeCursor, encodeCursor, memoLoader };
