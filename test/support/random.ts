import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  getNullableType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLScalarType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';

/** A seeded PRNG (mulberry32): the same seed, the same cases. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const chance = (p: number) => next() < p;
  const shuffle = <T>(list: readonly T[]): T[] => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  const subset = <T>(list: readonly T[], max = list.length): T[] => shuffle(list).slice(0, int(0, Math.min(max, list.length)));
  return { next, int, pick, chance, shuffle, subset };
}
export type Rng = ReturnType<typeof prng>;

/** The seed of a property test: `PROPERTY_SEED` when set (to replay a failure), else `fallback`. */
export const seedOf = (fallback: number) => (process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : fallback);

let schema: GraphQLSchema | null = null;
/** The public schema as committed (schema/schema.graphql). */
export function publicSchema(): GraphQLSchema {
  schema ??= buildSchema(readFileSync(join(__dirname, '../../schema/schema.graphql'), 'utf8'));
  return schema;
}

/** How to make a value of a scalar for an input field; the field name picks a pool (IDs of which type). */
export type ScalarValues = (scalar: string, field: string, rng: Rng) => unknown;

/**
 * A random value of a schema input object type: every field may appear (a few per object),
 * lists of 0–3 items, nested input objects (and / or / not) down to `maxDepth`, now and then an
 * explicit null. A scalar or field the caller has no values for fails the test, so a field added
 * to the schema is generated once its values are said.
 */
export function randomInput(typeName: string, rng: Rng, scalars: ScalarValues, maxDepth = 3): Record<string, unknown> {
  const type = publicSchema().getType(typeName);
  if (!(type instanceof GraphQLInputObjectType)) throw new Error(`${typeName} is not an input type of the schema`);
  return inputObject(type, rng, scalars, 0, maxDepth);
}

function inputObject(type: GraphQLInputObjectType, rng: Rng, scalars: ScalarValues, depth: number, maxDepth: number) {
  const fields = Object.values(type.getFields());
  const out: Record<string, unknown> = {};
  const want = rng.int(1, depth === 0 ? 3 : 2);
  for (const f of rng.shuffle(fields).slice(0, want)) {
    const nested = getNullableType(f.type);
    const isNested = nested instanceof GraphQLInputObjectType || (nested instanceof GraphQLList && getNullableType(nested.ofType) instanceof GraphQLInputObjectType);
    if (isNested && depth >= maxDepth) continue;
    out[f.name] = rng.chance(0.04) ? null : value(f.type, f.name, rng, scalars, depth, maxDepth);
  }
  return out;
}

function value(t: GraphQLInputType, field: string, rng: Rng, scalars: ScalarValues, depth: number, maxDepth: number): unknown {
  const type = getNullableType(t);
  if (type instanceof GraphQLList) {
    const n = rng.chance(0.08) ? 0 : rng.int(1, 3);
    return Array.from({ length: n }, () => value(type.ofType, field, rng, scalars, depth, maxDepth));
  }
  if (type instanceof GraphQLEnumType) return rng.pick(type.getValues()).name;
  if (type instanceof GraphQLInputObjectType) return inputObject(type, rng, scalars, depth + 1, maxDepth);
  if (type instanceof GraphQLScalarType) return scalars(type.name, field, rng);
  throw new Error(`no generator for ${String(type)} (field ${field})`);
}
