import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { toGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { CustomerTier, Priority, TicketKind, TicketStatus } from '../common/enums';
import { Versioned } from '../common/timestamps';

@ObjectType({ description: 'What is promised for one priority, in business minutes' })
export class SlaTarget {
  @Field(() => Priority)
  priority!: Priority;

  @Field(() => Int)
  firstResponseMinutes!: number;

  @Field(() => Int)
  resolutionMinutes!: number;
}

@ObjectType()
export class BusinessDay {
  @Field(() => Int, { description: '1 = Monday … 7 = Sunday' })
  weekday!: number;

  @Field({ description: 'Local opening time, "09:00"' })
  opens!: string;

  @Field({ description: 'Local closing time, "17:00" ("24:00" = midnight)' })
  closes!: string;
}

@ObjectType({ description: 'When the clock runs; none means round the clock' })
export class BusinessHours {
  @Field({ description: 'IANA time zone, e.g. "Europe/Berlin"' })
  timeZone!: string;

  @Field(() => [BusinessDay])
  days!: BusinessDay[];

  @Field(() => [String], { description: 'Closed all day on these local dates (YYYY-MM-DD)' })
  holidays!: string[];
}

@ObjectType({ implements: Node, description: 'A service-level agreement: response and resolution targets per priority' })
@Entity()
export class ServiceLevel extends Versioned implements Node {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get nodeId(): string {
    return toGlobalId('ServiceLevel', this.id);
  }

  @Field()
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Field(() => [SlaTarget])
  @Column({ type: 'jsonb', default: () => "'[]'" })
  targets!: SlaTarget[];

  @Field(() => BusinessHours, { nullable: true })
  @Column({ type: 'jsonb', nullable: true })
  businessHours!: BusinessHours | null;

  @Field(() => [TicketStatus], { description: 'Ticket statuses in which the clock stops' })
  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  pauseOn!: TicketStatus[];

  @Field({ description: 'Used when neither the customer nor a rule picks another' })
  @Column({ type: 'boolean', default: false })
  isDefault!: boolean;

  @Field(() => [CustomerTier], { description: 'Rule: applies to customers of these tiers (empty: any)' })
  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  matchTiers!: CustomerTier[];

  @Field(() => [TicketKind], { description: 'Rule: applies to tickets of these kinds (empty: any)' })
  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  matchKinds!: TicketKind[];

  @Field(() => [Priority], { description: 'Rule: applies to tickets of these priorities (empty: any)' })
  @Column({ type: 'varchar', array: true, default: () => "'{}'" })
  matchPriorities!: Priority[];

  @Field(() => Int, { nullable: true, description: 'Rules are tried in ascending order; null: not a rule' })
  @Column({ type: 'int', nullable: true })
  ruleOrder!: number | null;
}
