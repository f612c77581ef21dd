import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Payload } from '../../graphql/payload';
import { Channel, CustomerTier } from '../common/enums';
import { Customer } from './customer.entity';
import { SortDirection } from '../../graphql/pagination';

@InputType({ description: 'Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive' })
export class CustomerFilter {
  @Field(() => [CustomerTier], { nullable: true }) tier?: CustomerTier[] | null;
  @Field(() => [Channel], { nullable: true }) preferredChannel?: Channel[] | null;
  @Field(() => [String], { nullable: true }) language?: string[] | null;
  @Field(() => [String], { nullable: true }) organization?: string[] | null;
  @Field(() => [ID], { nullable: true }) serviceLevelId?: string[] | null;
  @Field(() => [String], { nullable: true }) email?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Words in name, e-mail or organization' }) text?: string | null;
  @Field(() => Date, { nullable: true }) createdFrom?: Date | null;
  @Field(() => Date, { nullable: true }) createdTo?: Date | null;
  @Field(() => [CustomerFilter], { nullable: true }) and?: CustomerFilter[] | null;
  @Field(() => [CustomerFilter], { nullable: true }) or?: CustomerFilter[] | null;
  @Field(() => CustomerFilter, { nullable: true }) not?: CustomerFilter | null;
}

export enum CustomerOrderField {
  NAME = 'NAME',
  CREATED_AT = 'CREATED_AT',
}
registerEnumType(CustomerOrderField, { name: 'CustomerOrderField' });

@InputType()
export class CustomerOrder {
  @Field(() => CustomerOrderField) field!: CustomerOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction!: SortDirection;
}

@InputType()
export class CreateCustomerInput {
  @Field() name!: string;
  @Field() email!: string;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => CustomerTier, { nullable: true, description: 'Default STANDARD' }) tier?: CustomerTier | null;
  @Field(() => String, { nullable: true }) organization?: string | null;
  @Field(() => Channel, { nullable: true }) preferredChannel?: Channel | null;
  @Field(() => String, { nullable: true }) language?: string | null;
  @Field(() => ID, { nullable: true }) serviceLevelId?: string | null;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@InputType({ description: 'Fields left out stay as they are; null clears an optional field' })
export class UpdateCustomerInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => CustomerTier, { nullable: true }) tier?: CustomerTier | null;
  @Field(() => String, { nullable: true }) organization?: string | null;
  @Field(() => Channel, { nullable: true }) preferredChannel?: Channel | null;
  @Field(() => String, { nullable: true }) language?: string | null;
  @Field(() => ID, { nullable: true }) serviceLevelId?: string | null;
}

@ObjectType()
export class CreateCustomerPayload extends Payload {
  @Field(() => Customer, { nullable: true }) customer!: Customer | null;
}

@ObjectType()
export class UpdateCustomerPayload extends Payload {
  @Field(() => Customer, { nullable: true }) customer!: Customer | null;
}
