import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Payload } from '../../graphql/payload';
import { Channel, ContactReason, Direction } from '../common/enums';
import { OpenTicketInput } from '../tickets/ticket.inputs';
import { Ticket } from '../tickets/ticket.entity';
import { Interaction } from './interaction.entity';
import { SortDirection } from '../../graphql/pagination';

@InputType({ description: 'Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive' })
export class InteractionFilter {
  @Field(() => [Channel], { nullable: true }) channel?: Channel[] | null;
  @Field(() => [Direction], { nullable: true }) direction?: Direction[] | null;
  @Field(() => [ContactReason], { nullable: true }) reason?: ContactReason[] | null;
  @Field(() => [ID], { nullable: true }) customerId?: string[] | null;
  @Field(() => [ID], { nullable: true }) ticketId?: string[] | null;
  @Field(() => [ID], { nullable: true }) agentId?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only contacts attached to a ticket; false: only those without' }) hasTicket?: boolean | null;
  @Field(() => Date, { nullable: true }) occurredFrom?: Date | null;
  @Field(() => Date, { nullable: true }) occurredTo?: Date | null;
  @Field(() => String, { nullable: true, description: 'Words in summary or body (case-insensitive)' }) text?: string | null;
  @Field(() => [InteractionFilter], { nullable: true }) and?: InteractionFilter[] | null;
  @Field(() => [InteractionFilter], { nullable: true }) or?: InteractionFilter[] | null;
  @Field(() => InteractionFilter, { nullable: true }) not?: InteractionFilter | null;
}

export enum InteractionOrderField {
  OCCURRED_AT = 'OCCURRED_AT',
  DURATION = 'DURATION',
}
registerEnumType(InteractionOrderField, { name: 'InteractionOrderField' });

@InputType()
export class InteractionOrder {
  @Field(() => InteractionOrderField) field!: InteractionOrderField;
  @Field(() => SortDirection, { defaultValue: SortDirection.ASC }) direction!: SortDirection;
}

@InputType()
export class LogInteractionInput {
  @Field(() => ID) customerId!: string;
  @Field(() => ID, { nullable: true, description: 'Attach to this ticket of the same customer' }) ticketId?: string | null;
  @Field(() => Channel) channel!: Channel;
  @Field(() => Direction) direction!: Direction;
  @Field(() => ContactReason, { nullable: true }) reason?: ContactReason | null;
  @Field() summary!: string;
  @Field(() => String, { nullable: true }) body?: string | null;
  @Field(() => Date, { nullable: true, description: 'Default: now' }) occurredAt?: Date | null;
  @Field(() => Int, { nullable: true }) durationSeconds?: number | null;
  @Field(() => OpenTicketInput, { nullable: true, description: 'Open a ticket for this contact (instead of ticketId)' })
  openTicket?: OpenTicketInput | null;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@ObjectType()
export class LogInteractionPayload extends Payload {
  @Field(() => Interaction, { nullable: true }) interaction!: Interaction | null;
  @Field(() => Ticket, { nullable: true, description: 'The ticket the contact was attached to or opened' }) ticket!: Ticket | null;
}
