import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  Lexer,
  parse,
  SchemaMetaFieldDef,
  Source,
  TokenKind,
  TypeMetaFieldDef,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLDirective,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { ClientCode, ClientError } from '../errors';
import { formatClientError, toGraphQLError } from './error-map';
import { FILTER_LIMITS } from './filter-sql';
import { DEFAULT_PAGE, MAX_PAGE } from './pagination';

/**
 * What one request may cost, refused with QUERY_TOO_COMPLEX (HTTP 400) before graphql-js
 * validates or executes anything, over HTTP and WebSocket alike. Every check here is linear in
 * the size of the request (fragments are measured once each, walks are iterative where input
 * nests) and stops as soon as a limit is passed.
 */
export const LIMITS = {
  /** lexical tokens in one document (counted before parsing) */
  maxTokens: 4000,
  /** nesting of selection sets (fragments count where they are spread) */
  maxDepth: 12,
  /** nesting inside __schema / __type: the standard introspection query needs 15 */
  maxIntrospectionDepth: 20,
  /** aliased fields in one operation, counted through fragments */
  maxAliases: 40,
  /** directives in one operation, counted through fragments */
  maxDirectives: 50,
  /**
   * estimated fields resolved: each list multiplies its subtree by its page size (`first`,
   * default 20, at most 100) or by its documented bound (BOUNDS); introspection is counted
   * exactly against the schema
   */
  maxCost: 25000,
  /** field nodes the operation expands to through its fragments (bounds validation work) */
  maxFields: 2000,
  /** fields that land in one response object: one selection set, through fragments and same-named fields (validation is quadratic in it) */
  maxSelectionFields: 200,
  /**
   * pairs of fields with the same response name on one object, plus pairs of fragments spread
   * on one object, in the whole document: what OverlappingFieldsCanBeMerged compares
   */
  maxSamePairs: 3000,
  /** nesting of input values (objects and lists), in variables and in literals */
  maxInputDepth: 32,
  /** items in one input list, in variables and in literals */
  maxInputList: 1000,
};

/**
 * Sizes of the lists that are not paginated, as counted in the cost estimate. The services
 * enforce them where the data is written (or, for statistics rows, when the rows are read).
 */
export const BOUNDS = {
  /** stock locations in the hub: Query.stockLocations, and Part.stockLevels (one level per location) */
  stockLocations: 200,
  /** reservations of one ticket, any status: Ticket.reservations */
  reservationsPerTicket: 50,
  /** service levels in the hub: Query.serviceLevels */
  serviceLevels: 100,
  /** opening intervals of one service level's business hours: BusinessHours.days */
  businessHourIntervals: 50,
  /** rows of one statistics answer (ticketStats, interactionStats, inventoryStats) */
  statsRows: 1000,
};

const refusals = new WeakSet<GraphQLError>();
function limitError(message: string): GraphQLError {
  const e = toGraphQLError(new ClientError(ClientCode.QUERY_TOO_COMPLEX, message, { http: { status: 400 } }));
  refusals.add(e);
  return e;
}

/** Thrown inside a walk to stop it at the first limit passed. */
class Refusal {
  constructor(readonly error: GraphQLError) {}
}
const refuse = (message: string): never => {
  throw new Refusal(limitError(message));
};

/** Tokens in `source`, counted up to `stopAfter + 1` (the parser reports syntax errors). */
export function countTokens(source: string, stopAfter: number): number {
  const lexer = new Lexer(new Source(source));
  let n = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) if (++n > stopAfter) break;
  } catch {
    // a syntax error: parse() reports it with its location
  }
  return n;
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object';

/** Refuses JSON (variables) nesting deeper than maxInputDepth or with longer lists; iterative, so no depth can overflow the stack. */
function checkJsonInput(variables: unknown): void {
  if (!isObj(variables)) return;
  const stack: [unknown, number][] = [];
  for (const v of Object.values(variables)) if (isObj(v)) stack.push([v, 1]);
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > LIMITS.maxInputDepth) refuse(`Variables nest deeper than ${LIMITS.maxInputDepth} levels of objects and lists`);
    const items = Array.isArray(v) ? v : Object.values(v as object);
    if (Array.isArray(v) && v.length > LIMITS.maxInputList) refuse(`A list in the variables has ${v.length} items; at most ${LIMITS.maxInputList} are allowed`);
    for (const x of items) if (isObj(x)) stack.push([x, depth + 1]);
  }
}

/** The same for an input literal in the document. */
function checkLiteral(value: ValueNode): void {
  const stack: [ValueNode, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v.kind === Kind.OBJECT) {
      if (depth + 1 > LIMITS.maxInputDepth) refuse(`An input value nests deeper than ${LIMITS.maxInputDepth} levels of objects and lists`);
      for (const f of v.fields) stack.push([f.value, depth + 1]);
    } else if (v.kind === Kind.LIST) {
      if (depth + 1 > LIMITS.maxInputDepth) refuse(`An input value nests deeper than ${LIMITS.maxInputDepth} levels of objects and lists`);
      if (v.values.length > LIMITS.maxInputList) refuse(`An input list has ${v.values.length} items; at most ${LIMITS.maxInputList} are allowed`);
      for (const x of v.values) stack.push([x, depth + 1]);
    }
  }
}

interface Tally {
  cost: number;
  /** nesting of this selection set (a set of leaves is 1), outside introspection */
  depth: number;
  /** the same, of introspection subtrees */
  introDepth: number;
  aliases: number;
  directives: number;
  fields: number;
}
const zero = (): Tally => ({ cost: 0, depth: 1, introDepth: 0, aliases: 0, directives: 0, fields: 0 });

type ListBound = number | ((field: FieldNode, run: Run) => number);

/** Dimensions of the statistics queries: an enum (its values, plus null) or a bound. */
const STATS_DIMENSIONS: Record<string, Record<string, string | number>> = {
  ticketStats: {
    STATUS: 'TicketStatus',
    PRIORITY: 'Priority',
    KIND: 'TicketKind',
    CHANNEL: 'Channel',
    REASON: 'ContactReason',
    ROOT_CAUSE: 'RootCause',
    CUSTOMER_TIER: 'CustomerTier',
    ASSIGNEE: Infinity,
    PERIOD: Infinity,
  },
  interactionStats: { CHANNEL: 'Channel', DIRECTION: 'Direction', REASON: 'ContactReason', TICKET_KIND: 'TicketKind', AGENT: Infinity, PERIOD: Infinity },
  inventoryStats: { PART: Infinity, LOCATION: BOUNDS.stockLocations, LOCATION_KIND: 'LocationKind', STATUS: 'StockStatus' },
};

/** Introspection objects, for counting an introspection query's answer exactly. */
type IntroObj =
  | { k: 'schema' }
  | { k: 'type'; t: GraphQLType }
  | { k: 'field'; f: GraphQLField<unknown, unknown> }
  | { k: 'input'; v: GraphQLArgument | GraphQLInputField }
  | { k: 'directive'; d: GraphQLDirective }
  | { k: 'leaf' };
const LEAF: IntroObj = { k: 'leaf' };

export class LimitChecker {
  /** `Type.field` → how many items a list field returns */
  readonly listBounds = new Map<string, ListBound>();
  /** list fields returning objects with neither `first` nor a bound (should be empty) */
  readonly unbounded: string[] = [];
  readonly filterTypes = new Set<GraphQLInputObjectType>();

  constructor(readonly schema: GraphQLSchema) {
    const enumSize = (name: string) => {
      const t = schema.getType(name);
      return isEnumType(t) ? t.getValues().length : MAX_PAGE;
    };
    const known: Record<string, ListBound> = {
      'Query.stockLocations': BOUNDS.stockLocations,
      'Part.stockLevels': BOUNDS.stockLocations,
      'Ticket.reservations': BOUNDS.reservationsPerTicket,
      'Query.serviceLevels': BOUNDS.serviceLevels,
      // checkTargets allows one target per priority
      'ServiceLevel.targets': enumSize('Priority'),
      'BusinessHours.days': BOUNDS.businessHourIntervals,
      // a transfer writes one movement out and one in
      'TransferStockPayload.movements': 2,
    };
    for (const [name, dims] of Object.entries(STATS_DIMENSIONS)) {
      const card: Record<string, number> = {};
      for (const [d, c] of Object.entries(dims)) card[d] = typeof c === 'number' ? c : enumSize(c) + 1;
      known[`Query.${name}`] = (field, run) => run.statsRows(field, card);
    }
    for (const type of Object.values(schema.getTypeMap())) {
      if (isInputObjectType(type)) {
        const f = type.getFields();
        if (['and', 'or', 'not'].some((k) => f[k] && getNamedType(f[k].type) === type)) this.filterTypes.add(type);
      }
      if (type.name.startsWith('__') || !(isObjectType(type) || isInterfaceType(type))) continue;
      for (const field of Object.values(type.getFields())) {
        const t = isNonNullType(field.type) ? field.type.ofType : field.type;
        if (!isListType(t) || field.args.some((a) => a.name === 'first')) continue;
        const key = `${type.name}.${field.name}`;
        if (!isCompositeType(getNamedType(t))) continue; // a list of scalars counts as one field
        if (known[key] !== undefined) this.listBounds.set(key, known[key]);
        // a connection's items are counted by the connection field's `first`
        else if (type.name.endsWith('Connection') && (field.name === 'edges' || field.name === 'nodes')) this.listBounds.set(key, 1);
        // mutations answer at most one userError (src/modules/common/mutation.ts)
        else if (type.name.endsWith('Payload') && field.name === 'userErrors') this.listBounds.set(key, 1);
        else this.unbounded.push(key);
      }
    }
  }

  /** Children of an introspection object, kept per object and field name (the schema does not change). */
  private readonly introCache = new WeakMap<object, Map<string, IntroObj[]>>();
  private readonly schemaObj: IntroObj = { k: 'schema' };
  readonly introRoot = (name: string | null): IntroObj | null => {
    if (name === null) return this.schemaObj;
    const t = this.schema.getType(name);
    return t ? this.typeObj(t) : null;
  };
  private readonly wrappers = new WeakMap<object, IntroObj>();
  private wrap<T extends object>(o: T, make: (o: T) => IntroObj): IntroObj {
    let w = this.wrappers.get(o);
    if (!w) this.wrappers.set(o, (w = make(o)));
    return w;
  }
  private typeObj(t: GraphQLType): IntroObj {
    return this.wrap(t, (x) => ({ k: 'type', t: x }));
  }

  introChildren(obj: IntroObj, name: string): IntroObj[] {
    const key: object = obj.k === 'schema' ? this.schema : obj.k === 'type' ? obj.t : obj.k === 'field' ? obj.f : obj.k === 'input' ? obj.v : obj.k === 'directive' ? obj.d : obj;
    let byName = this.introCache.get(key);
    if (!byName) this.introCache.set(key, (byName = new Map()));
    let out = byName.get(name);
    if (!out) byName.set(name, (out = this.computeIntroChildren(obj, name)));
    return out;
  }

  private computeIntroChildren(obj: IntroObj, name: string): IntroObj[] {
    const s = this.schema;
    const type = (t: GraphQLType | null | undefined): IntroObj[] => (t ? [this.typeObj(t)] : []);
    switch (obj.k) {
      case 'schema':
        if (name === 'types') return Object.values(s.getTypeMap()).map((t) => this.typeObj(t));
        if (name === 'queryType') return type(s.getQueryType());
        if (name === 'mutationType') return type(s.getMutationType());
        if (name === 'subscriptionType') return type(s.getSubscriptionType());
        if (name === 'directives') return s.getDirectives().map((d) => this.wrap(d, (x) => ({ k: 'directive', d: x })));
        return [];
      case 'type': {
        const t = obj.t;
        if (name === 'ofType') return isListType(t) || isNonNullType(t) ? type(t.ofType) : [];
        if (name === 'fields') return isObjectType(t) || isInterfaceType(t) ? Object.values(t.getFields()).map((f) => this.wrap(f, (x) => ({ k: 'field', f: x }))) : [];
        if (name === 'interfaces') return isObjectType(t) || isInterfaceType(t) ? t.getInterfaces().map((i) => this.typeObj(i)) : [];
        if (name === 'possibleTypes') return isAbstractType(t) ? s.getPossibleTypes(t).map((p) => this.typeObj(p)) : [];
        if (name === 'enumValues') return isEnumType(t) ? t.getValues().map(() => LEAF) : [];
        if (name === 'inputFields') return isInputObjectType(t) ? Object.values(t.getFields()).map((v) => this.wrap(v, (x) => ({ k: 'input', v: x }))) : [];
        return [];
      }
      case 'field':
        if (name === 'args') return obj.f.args.map((v) => this.wrap(v, (x) => ({ k: 'input', v: x })));
        return name === 'type' ? type(obj.f.type) : [];
      case 'input':
        return name === 'type' ? type(obj.v.type) : [];
      case 'directive':
        return name === 'args' ? obj.d.args.map((v) => this.wrap(v, (x) => ({ k: 'input', v: x }))) : [];
      default:
        return [];
    }
  }

  /** The source's size: refused before it is parsed. */
  checkSource(source: string): GraphQLError | null {
    if (countTokens(source, LIMITS.maxTokens) > LIMITS.maxTokens) {
      return limitError(`The document has more than ${LIMITS.maxTokens} tokens; split it into smaller operations`);
    }
    return null;
  }

  /** Variables as received (JSON): nesting and list lengths, before anything coerces them. */
  checkVariables(variables: unknown): GraphQLError | null {
    try {
      checkJsonInput(variables);
      return null;
    } catch (e) {
      if (e instanceof Refusal) return e.error;
      throw e;
    }
  }

  /**
   * Depth, aliases, directives, fields, input values, filters and cost of every operation in
   * the document, with the request's variables (so `first: $n` counts what the client asks for).
   */
  check(doc: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
    try {
      checkJsonInput(variables);
      new Run(this, doc, variables ?? {}).checkOperations();
      return null;
    } catch (e) {
      if (e instanceof Refusal) return e.error;
      throw e;
    }
  }

  /** Everything a WebSocket `subscribe` message is checked for; returns the error to answer. */
  checkRequest(query: string, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
    const tooBig = this.checkSource(query) ?? this.checkVariables(variables);
    if (tooBig) return tooBig;
    let doc: DocumentNode;
    try {
      doc = parse(query, { maxTokens: LIMITS.maxTokens });
    } catch (err) {
      return err instanceof GraphQLError ? err : toGraphQLError(new ClientError(ClientCode.GRAPHQL_PARSE_FAILED, 'The document does not parse'));
    }
    return this.check(doc, variables);
  }
}

/** One check of one document with its variables. */
class Run {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly memo = new Map<string, Tally | 'busy'>();
  private readonly varDefaults = new Map<string, ValueNode>();
  private readonly flat = new WeakMap<SelectionSetNode, FieldNode[]>();
  private introSpent = 0;
  /** pairs of same-named fields (and of fragments) that validation will compare */
  private pairs = 0;

  constructor(
    private readonly c: LimitChecker,
    private readonly doc: DocumentNode,
    private readonly variables: Record<string, unknown>,
  ) {
    for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(d.name.value, d);
  }

  /**
   * Every operation and every fragment of the document, not only the one to run: graphql-js
   * validates them all (unused fragments included), so all of them must be cheap to validate.
   */
  checkOperations(): void {
    for (const op of this.doc.definitions) {
      if (op.kind !== Kind.OPERATION_DEFINITION) continue;
      this.varDefaults.clear();
      for (const v of op.variableDefinitions ?? []) {
        if (v.defaultValue) {
          checkLiteral(v.defaultValue);
          this.varDefaults.set(v.variable.name.value, v.defaultValue);
        }
      }
      const root =
        op.operation === 'query' ? this.c.schema.getQueryType() : op.operation === 'mutation' ? this.c.schema.getMutationType() : this.c.schema.getSubscriptionType();
      const t = this.measureSet(op.selectionSet, root ?? null, 1, false);
      t.directives += op.directives?.length ?? 0;
      this.verdict(t);
      this.checkWidths(op.selectionSet);
    }
    this.varDefaults.clear();
    for (const [name, frag] of this.fragments) {
      if (this.memo.has(name)) continue;
      const t = this.fragment(name, 1, false);
      if (t) this.verdict(t);
      this.checkWidths(frag.selectionSet);
    }
  }

  private verdict(t: Tally): void {
    if (t.depth > LIMITS.maxDepth) refuse(`The query nests deeper than ${LIMITS.maxDepth} levels; split it into several queries`);
    if (t.introDepth > LIMITS.maxIntrospectionDepth) refuse(`The introspection query nests deeper than ${LIMITS.maxIntrospectionDepth} levels`);
    if (t.aliases > LIMITS.maxAliases) refuse(`The query has ${t.aliases} aliases; at most ${LIMITS.maxAliases} are allowed`);
    if (t.directives > LIMITS.maxDirectives) refuse(`The query has more than ${LIMITS.maxDirectives} directives`);
    if (t.fields > LIMITS.maxFields) refuse(`The query expands to more than ${LIMITS.maxFields} fields through its fragments`);
    if (t.cost + this.introSpent > LIMITS.maxCost) {
      const cost = t.cost + this.introSpent;
      refuse(`The query could resolve more than ${LIMITS.maxCost} fields (estimated so far: ${cost > 1e9 ? 'over a billion' : Math.round(cost)}); ask for smaller pages (first) or fewer nested lists`);
    }
  }

  /** Adds `b` (a part of the same selection set) to `a`, and stops at the first limit passed. */
  private add(a: Tally, b: Tally, level: number, intro: boolean): void {
    a.cost += b.cost;
    a.depth = Math.max(a.depth, b.depth);
    a.introDepth = Math.max(a.introDepth, b.introDepth);
    a.aliases += b.aliases;
    a.directives += b.directives;
    a.fields += b.fields;
    if (intro) this.verdict({ ...a, depth: 0, introDepth: level - 1 + Math.max(a.depth, a.introDepth) });
    else this.verdict({ ...a, depth: level - 1 + a.depth, introDepth: a.introDepth && level - 1 + a.introDepth });
  }

  private measureSet(set: SelectionSetNode, parent: GraphQLCompositeType | null, level: number, intro: boolean): Tally {
    if (level > (intro ? LIMITS.maxIntrospectionDepth : LIMITS.maxDepth)) {
      refuse(intro ? `The introspection query nests deeper than ${LIMITS.maxIntrospectionDepth} levels` : `The query nests deeper than ${LIMITS.maxDepth} levels; split it into several queries`);
    }
    const t = zero();
    for (const sel of set.selections) {
      const part = zero();
      part.directives = sel.directives?.length ?? 0;
      for (const d of sel.directives ?? []) for (const a of d.arguments ?? []) checkLiteral(a.value);
      if (sel.kind === Kind.FIELD) this.measureField(sel, parent, level, intro, part);
      else if (sel.kind === Kind.INLINE_FRAGMENT) {
        const cond = sel.typeCondition ? this.c.schema.getType(sel.typeCondition.name.value) : parent;
        const inner = this.measureSet(sel.selectionSet, isCompositeType(cond) ? cond : null, level, intro);
        this.add(part, inner, level, intro);
      } else {
        const inner = this.fragment(sel.name.value, level, intro);
        if (inner) this.add(part, inner, level, intro);
      }
      this.add(t, part, level, intro);
    }
    return t;
  }

  /** A fragment's tally, computed once (cycles count nothing here: validation refuses them). */
  private fragment(name: string, level: number, intro: boolean): Tally | null {
    const known = this.memo.get(name);
    if (known === 'busy') return null;
    if (known) return known;
    const frag = this.fragments.get(name);
    if (!frag) return null;
    this.memo.set(name, 'busy');
    const cond = this.c.schema.getType(frag.typeCondition.name.value);
    const t = this.measureSet(frag.selectionSet, isCompositeType(cond) ? cond : null, level, intro);
    t.directives += frag.directives?.length ?? 0;
    this.memo.set(name, t);
    return t;
  }

  private measureField(sel: FieldNode, parent: GraphQLCompositeType | null, level: number, intro: boolean, part: Tally): void {
    const name = sel.name.value;
    part.fields = 1;
    if (sel.alias) part.aliases = 1;
    const isIntro = name === '__schema' || name === '__type';
    const def: GraphQLField<unknown, unknown> | undefined = isIntro
      ? name === '__schema'
        ? SchemaMetaFieldDef
        : TypeMetaFieldDef
      : parent && 'getFields' in parent
        ? parent.getFields()[name]
        : undefined;
    for (const a of sel.arguments ?? []) {
      checkLiteral(a.value);
      const argDef = def?.args.find((d) => d.name === a.name.value);
      const named = argDef && getNamedType(argDef.type);
      if (named && isInputObjectType(named) && this.c.filterTypes.has(named)) this.checkFilter(a.value, named.name);
    }
    if (!sel.selectionSet) {
      part.cost = 1;
      return;
    }
    const childType = def ? getNamedType(def.type) : null;
    const child = this.measureSet(sel.selectionSet, isCompositeType(childType) ? childType : null, level + 1, intro || isIntro);
    part.aliases += child.aliases;
    part.directives += child.directives;
    part.fields += child.fields;
    if (isIntro) {
      // introspection answers are bounded by the schema: count them exactly, with the shared budget
      part.introDepth = 1 + Math.max(child.depth, child.introDepth);
      this.verdict({ ...zero(), introDepth: level + part.introDepth - 1 });
      part.cost = 1;
      this.introspect(sel);
      return;
    }
    part.depth = 1 + child.depth;
    part.introDepth = child.introDepth && 1 + child.introDepth;
    const inIntrospection = !!parent && parent.name.startsWith('__');
    part.cost = 1 + (inIntrospection ? 1 : this.multiplier(parent, def, sel)) * child.cost;
  }

  private multiplier(parent: GraphQLCompositeType | null, def: GraphQLField<unknown, unknown> | undefined, sel: FieldNode): number {
    if (!def || !parent) return 1;
    const first = def.args.find((a) => a.name === 'first');
    if (first) return this.page(sel, first);
    const t = isNonNullType(def.type) ? def.type.ofType : def.type;
    if (!isListType(t)) return 1;
    const bound = this.c.listBounds.get(`${parent.name}.${def.name}`);
    if (bound === undefined) return MAX_PAGE; // a list nobody bounded yet: counted as a full page (see unbounded)
    return typeof bound === 'number' ? bound : bound(sel, this);
  }

  /** The value of an argument, from a literal or a variable (or the variable's default). */
  private argValue(sel: FieldNode, name: string): unknown {
    const arg = sel.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    return this.resolve(arg.value);
  }

  private resolve(v: ValueNode): unknown {
    if (v.kind === Kind.VARIABLE) {
      const n = v.name.value;
      if (Object.prototype.hasOwnProperty.call(this.variables, n)) return this.variables[n];
      const d = this.varDefaults.get(n);
      return d ? valueFromASTUntyped(d) : undefined;
    }
    return valueFromASTUntyped(v, this.variables);
  }

  private page(sel: FieldNode, first: GraphQLArgument): number {
    let v = this.argValue(sel, 'first');
    if (v === undefined || v === null) v = first.defaultValue ?? DEFAULT_PAGE;
    const n = typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : DEFAULT_PAGE;
    return Math.min(Math.max(n, 1), MAX_PAGE);
  }

  /** Rows of a statistics answer: the product of its dimensions' sizes, at most BOUNDS.statsRows. */
  statsRows(sel: FieldNode, card: Record<string, number>): number {
    const given = this.argValue(sel, 'groupBy');
    const dims = new Set<string>((Array.isArray(given) ? given : given == null ? [] : [given]).map(String));
    const bucket = this.argValue(sel, 'bucket');
    if (bucket !== undefined && bucket !== null && 'PERIOD' in card) dims.add('PERIOD');
    let rows = 1;
    for (const d of dims) rows *= card[d] ?? Infinity;
    return Math.min(rows, BOUNDS.statsRows);
  }

  /**
   * A `<Type>Filter` argument: at most FILTER_LIMITS.maxObjects filter objects, nested at most
   * FILTER_LIMITS.maxDepth deep, with at most FILTER_LIMITS.maxValues values of at most
   * FILTER_LIMITS.maxText characters; the bounds buildFilter applies, here before anything
   * runs (subscriptions, whose filters are kept and evaluated on every event, included).
   */
  private checkFilter(value: ValueNode, typeName: string): void {
    let objects = 0;
    let values = 0;
    const stack: [ValueNode | unknown, boolean, number][] = [[value, true, 0]];
    const entries = (v: unknown, node: boolean): [string, unknown, boolean][] => {
      if (node) {
        const n = v as ValueNode;
        if (n.kind === Kind.OBJECT) return n.fields.map((f) => [f.name.value, f.value, true]);
        return [];
      }
      return isObj(v) && !Array.isArray(v) ? Object.entries(v).map(([k, x]) => [k, x, false]) : [];
    };
    const items = (v: unknown, node: boolean): [unknown, boolean][] => {
      if (node) {
        const n = v as ValueNode;
        if (n.kind === Kind.VARIABLE) return items(this.resolve(n), false);
        if (n.kind === Kind.LIST) return n.values.map((x) => [x, true]);
        if (n.kind === Kind.NULL) return [];
        return [[n, true]];
      }
      if (v === null || v === undefined) return [];
      return Array.isArray(v) ? v.map((x) => [x, false]) : [[v, false]];
    };
    while (stack.length) {
      let [v, node, depth] = stack.pop()!;
      if (node && (v as ValueNode).kind === Kind.VARIABLE) {
        v = this.resolve(v as ValueNode);
        node = false;
      }
      if (node ? (v as ValueNode).kind !== Kind.OBJECT : !isObj(v) || Array.isArray(v)) continue;
      if (++objects > FILTER_LIMITS.maxObjects) refuse(`A ${typeName} combines more than ${FILTER_LIMITS.maxObjects} filter objects`);
      if (depth > FILTER_LIMITS.maxDepth) refuse(`A ${typeName} nests more than ${FILTER_LIMITS.maxDepth} levels deep (and / or / not)`);
      for (const [key, x, xNode] of entries(v, node)) {
        if (key === 'and' || key === 'or') for (const [item, itemNode] of items(x, xNode)) stack.push([item, itemNode, depth + 1]);
        else if (key === 'not') stack.push([x, xNode, depth + 1]);
        else {
          const list = items(x, xNode);
          values += list.length;
          if (values > FILTER_LIMITS.maxValues) refuse(`A ${typeName} lists more than ${FILTER_LIMITS.maxValues} values`);
          for (const [item, itemNode] of list) {
            const text = itemNode ? ((item as ValueNode).kind === Kind.STRING ? (item as { value: string }).value : null) : typeof item === 'string' ? item : null;
            if (text !== null && text.length > FILTER_LIMITS.maxText) refuse(`A ${typeName} value is longer than ${FILTER_LIMITS.maxText} characters`);
          }
        }
      }
    }
  }

  /**
   * Fields that land in one response object, merged as graphql-js merges them: through inline
   * fragments and spreads (each fragment once per object) and across fields of the same
   * response name. Run after the tally, so its work is bounded by maxFields.
   */
  private checkWidths(root: SelectionSetNode): void {
    const queue: SelectionSetNode[][] = [[root]];
    while (queue.length) {
      const sets = queue.pop()!;
      const byKey = new Map<string, SelectionSetNode[]>();
      const sameName = new Map<string, number>();
      const seen = new Set<string>();
      const stack = [...sets];
      let width = 0;
      while (stack.length) {
        for (const sel of stack.pop()!.selections) {
          if (sel.kind === Kind.FIELD) {
            if (++width > LIMITS.maxSelectionFields) {
              refuse(`More than ${LIMITS.maxSelectionFields} fields are selected on one object (counting fragments and repeated fields)`);
            }
            const key = sel.alias?.value ?? sel.name.value;
            // graphql-js compares every pair of fields that share a response name
            const n = sameName.get(key) ?? 0;
            sameName.set(key, n + 1);
            this.pairs += n;
            if (sel.selectionSet) {
              const list = byKey.get(key);
              if (list) list.push(sel.selectionSet);
              else byKey.set(key, [sel.selectionSet]);
            }
          } else if (sel.kind === Kind.INLINE_FRAGMENT) stack.push(sel.selectionSet);
          else if (!seen.has(sel.name.value)) {
            // ... and every pair of fragments spread on one object
            this.pairs += seen.size;
            seen.add(sel.name.value);
            const f = this.fragments.get(sel.name.value);
            if (f) stack.push(f.selectionSet);
          }
          if (this.pairs > LIMITS.maxSamePairs) {
            refuse(`The query repeats fields or fragments on one object too often (over ${LIMITS.maxSamePairs} pairs of same-named fields or fragments to compare); select each field once`);
          }
        }
      }
      for (const group of byKey.values()) queue.push(group);
    }
  }

  /** The fields of a selection set through its fragments (each once), as graphql-js collects them. */
  private fieldsOf(set: SelectionSetNode): FieldNode[] {
    const known = this.flat.get(set);
    if (known) return known;
    const out: FieldNode[] = [];
    const seen = new Set<string>();
    const stack = [set];
    while (stack.length) {
      for (const sel of stack.pop()!.selections) {
        if (sel.kind === Kind.FIELD) out.push(sel);
        else if (sel.kind === Kind.INLINE_FRAGMENT) stack.push(sel.selectionSet);
        else if (!seen.has(sel.name.value)) {
          seen.add(sel.name.value);
          const f = this.fragments.get(sel.name.value);
          if (f) stack.push(f.selectionSet);
        }
      }
    }
    this.flat.set(set, out);
    return out;
  }

  /** Counts the fields an introspection field answers, exactly, against the shared cost budget. */
  private introspect(sel: FieldNode): void {
    let root = this.c.introRoot(null);
    if (sel.name.value === '__type') {
      const name = this.argValue(sel, 'name');
      root = typeof name === 'string' ? this.c.introRoot(name) : null;
    }
    if (root && sel.selectionSet) this.introSet(sel.selectionSet, root);
  }

  private introSet(set: SelectionSetNode, obj: IntroObj): void {
    for (const f of this.fieldsOf(set)) {
      if (++this.introSpent > LIMITS.maxCost) refuse(`The introspection query answers more than ${LIMITS.maxCost} fields`);
      if (!f.selectionSet) continue;
      for (const child of this.c.introChildren(obj, f.name.value)) this.introSet(f.selectionSet, child);
    }
  }
}

/** Nesting of a whole request body or WebSocket message: the variables' limit plus their envelope. */
export const MAX_MESSAGE_NESTING = LIMITS.maxInputDepth + 4;

/**
 * Whether JSON text nests objects and arrays deeper than `max`: one pass over the bytes, no
 * allocation. JSON.parse copes with any depth, but building 100,000 nested objects costs it
 * tens of milliseconds and a garbage collection; a body this deep is refused unparsed.
 */
export function jsonNestsDeeper(buf: Uint8Array, max: number): boolean {
  let depth = 0;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === 0x22) {
      // a string: jump to its closing quote (one not escaped by an odd run of backslashes)
      let j = i + 1;
      for (;;) {
        j = buf.indexOf(0x22, j);
        if (j < 0) return false; // unterminated: JSON.parse refuses it
        let backslashes = 0;
        while (j - 1 - backslashes > i && buf[j - 1 - backslashes] === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
        j++;
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

const deepMessage = `The request nests deeper than ${MAX_MESSAGE_NESTING} levels of objects and lists (variables: ${LIMITS.maxInputDepth})`;

/**
 * `verify` for express.json: a body nesting too deep is refused before it is parsed (the
 * express error handler answers the ClientError: src/graphql/error-map.ts httpErrorAnswer).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  if (jsonNestsDeeper(buf, MAX_MESSAGE_NESTING)) throw new ClientError(ClientCode.QUERY_TOO_COMPLEX, deepMessage, { http: { status: 400 } });
}

/**
 * The same for WebSocket messages, before graphql-ws parses them: register before useServer.
 * A message nesting too deep is answered with an `error` for its subscription id (or, with no
 * readable id, the socket is closed with 4400 as graphql-ws does for bad messages).
 */
export function guardWebSocketMessages(wss: { on(event: 'connection', cb: (socket: any) => void): unknown }): void {
  wss.on('connection', (socket: { emit: (event: string | symbol, ...args: any[]) => boolean; send(data: string): void; close(code: number, reason: string): void }) => {
    const emit = socket.emit.bind(socket);
    socket.emit = (event: string | symbol, ...args: any[]) => {
      if (event === 'message') {
        const data = args[0];
        const buf: Uint8Array = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
        if (buf instanceof Uint8Array && jsonNestsDeeper(buf, MAX_MESSAGE_NESTING)) {
          const text = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
          const id = /^\s*\{\s*"id"\s*:\s*"([^"\\]{1,200})"/.exec(text.subarray(0, 300).toString())?.[1] ?? /"id"\s*:\s*"([^"\\]{1,200})"\s*\}\s*$/.exec(text.subarray(-300).toString())?.[1];
          if (id) socket.send(JSON.stringify({ id, type: 'error', payload: [formatClientError(new ClientError(ClientCode.QUERY_TOO_COMPLEX, deepMessage))] }));
          else socket.close(4400, 'Message nests too deep');
          return true;
        }
      }
      return emit(event, ...args);
    };
  });
}

/**
 * The Apollo side: the source and variables are checked before parsing, the document right
 * after parsing and before graphql-js validates it (validation is the expensive part for a
 * hostile document); a document Apollo took from its cache of validated documents is checked
 * when the operation is resolved (its variables may differ).
 *
 * Apollo Server 5 turns an error thrown by didResolveSource or validationDidStart into a bare
 * 500 "Internal server error", but lets `unexpectedErrorProcessingRequest` throw instead (as
 * graphql-armor's Apollo plugins do): our refusal is rethrown there and answered as it is,
 * with its status 400 and code QUERY_TOO_COMPLEX (test/limits.test.ts checks both).
 */
export function limitsPlugin(checker: LimitChecker): ApolloServerPlugin<any> {
  return {
    async unexpectedErrorProcessingRequest({ error }) {
      if (error instanceof GraphQLError && refusals.has(error)) throw error;
    },
    async requestDidStart() {
      let checked = false;
      return {
        async didResolveSource({ source, request }) {
          const err = checker.checkSource(source) ?? checker.checkVariables(request.variables);
          if (err) throw err;
        },
        async validationDidStart({ document, request }) {
          const err = checker.check(document, request.variables);
          if (err) throw err;
          checked = true;
        },
        async didResolveOperation({ document, request }) {
          if (checked) return;
          const err = checker.check(document, request.variables);
          if (err) throw err;
        },
      };
    },
  };
}
