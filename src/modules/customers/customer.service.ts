import type { EntityManager } from 'typeorm';
import type { Tx } from '../../events/tx';
import type { RequestContext } from '../../graphql/context';
import { DomainError, ErrorCode, notFound } from '../../errors';
import { buildFilter, idRule, Params, wordsRule, type FilterSpec } from '../../graphql/filter-sql';
import { decodeId } from '../../graphql/ids';
import { CustomerTier } from '../common/enums';
import { email, language, optionalText, phone, requiredText } from '../common/validate';
import { lockVersioned } from '../common/versioned';
import { ServiceLevel } from '../sla/service-level.entity';
import { Customer } from './customer.entity';
import type { CreateCustomerInput, CustomerFilter, UpdateCustomerInput } from './customer.inputs';

export function customerFilterSpec(a: string): FilterSpec {
  return {
    tier: { kind: 'in', sql: `${a}.tier` },
    preferredChannel: { kind: 'in', sql: `${a}.preferred_channel` },
    language: { kind: 'in', sql: `${a}.language` },
    organization: { kind: 'in', sql: `${a}.organization` },
    email: { kind: 'custom', build: (v, p) => `${a}.email = ANY(CAST(${p.add((v as string[]).map((e) => e.toLowerCase()))} AS text[]))` },
    serviceLevelId: idRule(`${a}.service_level_id`, 'ServiceLevel'),
    createdFrom: { kind: 'from', sql: `${a}.created_at` },
    createdTo: { kind: 'to', sql: `${a}.created_at` },
    text: wordsRule([`${a}.name`, `${a}.email`, `${a}.organization`]),
  };
}

export function customerWhere(filter: CustomerFilter | null | undefined, a: string) {
  const p = new Params('cf');
  return { sql: buildFilter(filter as Record<string, unknown> | null, customerFilterSpec(a), p), params: p.values };
}

async function serviceLevelId(m: EntityManager, gid: string | null | undefined): Promise<string | null | undefined> {
  if (gid === undefined) return undefined;
  if (gid === null) return null;
  const id = decodeId(gid, 'ServiceLevel');
  if (!id || !(await m.existsBy(ServiceLevel, { id }))) throw notFound('Service level', ['input', 'serviceLevelId']);
  return id;
}

async function emailFree(m: EntityManager, value: string, exceptId?: string): Promise<void> {
  const other = await m.findOneBy(Customer, { email: value });
  if (other && other.id !== exceptId) {
    throw new DomainError(ErrorCode.DUPLICATE, `A customer with e-mail ${value} exists already`, ['input', 'email']);
  }
}

export async function createCustomer(ctx: RequestContext, tx: Tx, input: CreateCustomerInput): Promise<Customer> {
  const m = tx.manager;
  const values = {
    name: requiredText(input.name, 'name', 200),
    email: email(input.email),
    phone: phone(input.phone) ?? null,
    tier: input.tier ?? CustomerTier.STANDARD,
    organization: optionalText(input.organization, 'organization', 200) ?? null,
    preferredChannel: input.preferredChannel ?? null,
    language: language(input.language) ?? null,
    serviceLevelId: (await serviceLevelId(m, input.serviceLevelId)) ?? null,
    createdAt: ctx.app.clock.now(),
    updatedAt: ctx.app.clock.now(),
  };
  await emailFree(m, values.email);
  const inserted = await m.getRepository(Customer).insert(values);
  return m.findOneByOrFail(Customer, { id: inserted.identifiers[0].id as string });
}

export async function updateCustomer(ctx: RequestContext, tx: Tx, input: UpdateCustomerInput): Promise<Customer> {
  const m = tx.manager;
  const c = await lockVersioned(m, Customer, decodeId(input.id, 'Customer'), { what: 'Customer', field: ['input', 'id'], expectedVersion: input.expectedVersion });
  const changes: Partial<Customer> = {};
  if (input.name !== undefined && input.name !== null) changes.name = requiredText(input.name, 'name', 200);
  if (input.email !== undefined && input.email !== null) {
    changes.email = email(input.email);
    await emailFree(m, changes.email, c.id);
  }
  if (input.phone !== undefined) changes.phone = phone(input.phone) ?? null;
  if (input.tier) changes.tier = input.tier;
  if (input.organization !== undefined) changes.organization = optionalText(input.organization, 'organization', 200) ?? null;
  if (input.preferredChannel !== undefined) changes.preferredChannel = input.preferredChannel ?? null;
  if (input.language !== undefined) changes.language = language(input.language) ?? null;
  if (input.serviceLevelId !== undefined) changes.serviceLevelId = (await serviceLevelId(m, input.serviceLevelId)) ?? null;
  await m
    .createQueryBuilder()
    .update(Customer)
    .set({ ...changes, version: c.version + 1, updatedAt: ctx.app.clock.now() } as never)
    .where('id = :id', { id: c.id })
    .execute();
  return m.findOneByOrFail(Customer, { id: c.id });
}
