import { GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { badRequest } from '../errors';
import { toGraphQLError } from './error-map';

/** graphql-js keeps a scalar's message only from a GraphQLError (else it prefixes "Expected type …"). */
const refuse = (message: string) => toGraphQLError(badRequest(message));

/** ISO-8601 instants in UTC. */
export const DateTimeScalar = DateTimeResolver;

const DECIMAL = /^-?\d{1,15}(\.\d{1,4})?$/;
function parseDecimal(v: unknown): string {
  const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
  if (typeof s !== 'string' || !DECIMAL.test(s.trim())) {
    throw refuse('Decimal must be a string like "12.50" (up to 15 digits and 4 decimals)');
  }
  return s.trim();
}

/** Money and other exact amounts: a decimal string, never a float. */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "12.50"',
  serialize: (v) => (typeof v === 'number' ? v.toFixed(2) : String(v)),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return parseDecimal(ast.value);
    throw refuse('Decimal must be a string like "12.50"');
  },
});

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function parseDate(v: unknown): string {
  const m = typeof v === 'string' ? DATE.exec(v) : null;
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3]) {
    throw refuse('Date must be a calendar date "YYYY-MM-DD"');
  }
  return v as string;
}

/** A calendar date without time: "YYYY-MM-DD". */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, "YYYY-MM-DD"',
  serialize: (v) => String(v),
  parseValue: parseDate,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING) return parseDate(ast.value);
    throw refuse('Date must be a string "YYYY-MM-DD"');
  },
});
