import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Payload } from '../../graphql/payload';
import { Channel, ContactReason, Priority, RootCause, SlaState, TicketKind, TicketStatus } from '../common/enums';
import { Ticket } from './ticket.entity';
import { SortDirection } from '../../graphql/pagination';

@InputType({ description: 'Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive' })
export class TicketFilter {
  @Field(() => [TicketStatus], { nullable: true }) status?: TicketStatus[] | null;
  @Field(() => [Priority], { nullable: true }) priority?: Priority[] | null;
  @Field(() => [TicketKind], { nullable: true }) kind?: TicketKind[] | null;
  @Field(() => [Channel], { nullable: true }) channel?: Channel[] | null;
  @Field(() => [ContactReason], { nullable: true }) reason?: ContactReason[] | null;
  @Field(() => [RootCause], { nullable: true }) rootCause?: RootCause[] | null;
  @Field(() => [ID], { nullable: true }) customerId?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'Tickets assigned to any of these agents' }) assigneeId?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only unassigned; false: only assigned' }) unassigned?: boolean | null;
  @Field(() => [SlaState], { nullable: true }) slaState?: SlaState[] | null;
  @Field(() => Date, { nullable: true }) createdFrom?: Date | null;
  @Field(() => Date, { nullable: true }) createdTo?: Date | null;
  @Field(() => Date, { nullable: true }) updatedFrom?: Date | null;
  @Field(() => Date, { nullable: true }) updatedTo?: Date | null;
  @Field(() => String, { nullable: true, description: 'Words in subject or description (case-insensitive)' }) text?: string | null;
  @Field(() => [TicketFilter], { nullable: true }) and?: TicketFilter[] | null;
  @Field(() => [TicketFilter], { nullable: true }) or?: TicketFilter[] | null;
  @Field(() => TicketFilter, { nullable: true }) not?: TicketFilter | null;
}

export enum TicketOrderField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  NUMBER = 'NUMBER',
  PRIORITY = 'PRIORITY',
  RESOLUTION_DUE_AT = 'RESOLUTION_DUE_AT',
}
registerEnumType(TicketOrderField, { name: 'TicketOrderField' });

@InputType()
export class TicketOrder {
  @Field(() => TicketOrderField) field!: TicketOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction!: SortDirection;
}

@InputType()
export class OpenTicketInput {
  @Field() subject!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => TicketKind) kind!: TicketKind;
  @Field(() => Priority) priority!: Priority;
}

@InputType()
export class CreateTicketInput {
  @Field(() => ID, { nullable: true, description: 'Required for staff; a CUSTOMER viewer may omit it' }) customerId?: string | null;
  @Field() subject!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => TicketKind) kind!: TicketKind;
  @Field(() => Priority) priority!: Priority;
  @Field(() => Channel) channel!: Channel;
  @Field(() => ContactReason, { nullable: true }) reason?: ContactReason | null;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@InputType()
export class UpdateTicketInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
  @Field(() => String, { nullable: true }) subject?: string | null;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => TicketKind, { nullable: true }) kind?: TicketKind | null;
  @Field(() => Priority, { nullable: true }) priority?: Priority | null;
  @Field(() => ContactReason, { nullable: true }) reason?: ContactReason | null;
}

@InputType()
export class AssignTicketInput {
  @Field(() => ID) ticketId!: string;
  @Field(() => ID, { nullable: true, description: 'null unassigns' }) agentId?: string | null;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}

@InputType()
export class ChangeTicketStatusInput {
  @Field(() => ID) ticketId!: string;
  @Field(() => TicketStatus) status!: TicketStatus;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}

@InputType()
export class ResolveTicketInput {
  @Field(() => ID) ticketId!: string;
  @Field() resolution!: string;
  @Field(() => RootCause) rootCause!: RootCause;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
}

@InputType()
export class RateTicketInput {
  @Field(() => ID) ticketId!: string;
  @Field(() => Int, { description: '1..5' }) score!: number;
  @Field(() => String, { nullable: true }) comment?: string | null;
}

@InputType({ description: 'A rating the customer gave staff; the viewer (an agent) is recorded as who entered it' })
export class RecordSatisfactionInput {
  @Field(() => ID) ticketId!: string;
  @Field(() => Int, { description: "1..5, as the customer said it" }) score!: number;
  @Field(() => String, { nullable: true, description: "the customer's words" }) comment?: string | null;
}

@ObjectType()
export class TicketPayload extends Payload {
  @Field(() => Ticket, { nullable: true }) ticket!: Ticket | null;
}

@ObjectType() export class CreateTicketPayload extends TicketPayload {}
@ObjectType() export class UpdateTicketPayload extends TicketPayload {}
@ObjectType() export class AssignTicketPayload extends TicketPayload {}
@ObjectType() export class ChangeTicketStatusPayload extends TicketPayload {}
@ObjectType() export class ResolveTicketPayload extends TicketPayload {}
@ObjectType() export class RateTicketPayload extends TicketPayload {}
@ObjectType() export class RecordSatisfactionPayload extends TicketPayload {}
