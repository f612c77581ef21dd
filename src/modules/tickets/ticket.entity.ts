import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Generated, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { toGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { Agent } from '../agents/agent.entity';
import { Channel, ContactReason, Priority, RootCause, TicketKind, TicketStatus } from '../common/enums';
import { Customer } from '../customers/customer.entity';
import { ServiceLevel } from '../sla/service-level.entity';
import { Versioned } from '../common/timestamps';

export enum SatisfactionSource {
  /** the customer rated the ticket itself (rateTicket) */
  CUSTOMER = 'CUSTOMER',
  /** staff recorded a rating the customer gave them, e.g. on the phone (recordSatisfaction) */
  STAFF = 'STAFF',
}
registerEnumType(SatisfactionSource, { name: 'SatisfactionSource', description: 'Who entered a satisfaction rating' });

@ObjectType({ description: "The customer's CSAT rating of a resolved ticket" })
export class SatisfactionRating {
  @Field(() => Int, { description: '1 (very dissatisfied) to 5 (very satisfied)' })
  score!: number;

  @Field(() => String, { nullable: true })
  comment!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => SatisfactionSource, { description: 'CUSTOMER: the customer rated; STAFF: an agent recorded what the customer said' })
  source!: SatisfactionSource;

  @Field(() => Agent, { nullable: true, description: 'The agent who recorded a STAFF rating; null for CUSTOMER' })
  recordedBy!: Agent | null;
}

@ObjectType({ implements: Node, description: 'A request, incident, complaint, repair or return worked to resolution' })
@Entity()
@Index(['status', 'createdAt'])
@Index(['createdAt'])
@Index(['customerId', 'createdAt'])
@Index(['assigneeId', 'status'])
// failure demand (ticketStats by root cause with contacts over a created range) as an index-only scan
@Index(['createdAt', 'rootCause', 'contactCount'])
export class Ticket extends Versioned implements Node {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get nodeId(): string {
    return toGlobalId('Ticket', this.id);
  }

  @Field(() => Int, { description: 'Human ticket number' })
  @Index({ unique: true })
  @Column({ type: 'int' })
  @Generated('increment')
  number!: number;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Field(() => TicketKind)
  @Column({ type: 'varchar', length: 16 })
  kind!: TicketKind;

  @Field(() => TicketStatus)
  @Column({ type: 'varchar', length: 16, default: TicketStatus.NEW })
  status!: TicketStatus;

  @Field(() => Priority)
  @Column({ type: 'varchar', length: 16 })
  priority!: Priority;

  @Field(() => Channel)
  @Column({ type: 'varchar', length: 16 })
  channel!: Channel;

  @Field(() => ContactReason, { nullable: true })
  @Column({ type: 'varchar', length: 20, nullable: true })
  reason!: ContactReason | null;

  @Column({ type: 'uuid' })
  customerId!: string;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'customer_id' })
  customerRef?: Relation<Customer>;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @ManyToOne(() => Agent, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assignee_id' })
  assigneeRef?: Relation<Agent>;

  @Column({ type: 'uuid', nullable: true })
  serviceLevelId!: string | null;

  @ManyToOne(() => ServiceLevel, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'service_level_id' })
  serviceLevelRef?: Relation<ServiceLevel>;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseDueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolutionDueAt!: Date | null;

  /** when the SLA clock was paused (status in the service level's pauseOn), null while running */
  @Column({ type: 'timestamptz', nullable: true })
  slaPausedAt!: Date | null;

  /** earliest instant at which a running clock turns AT_RISK (null: none running) */
  @Index()
  @Column({ type: 'timestamptz', nullable: true })
  slaRiskAt!: Date | null;

  /** when the sweep next has an alert to raise for this ticket (null: none pending) */
  @Index()
  @Column({ type: 'timestamptz', nullable: true })
  slaNextAlertAt!: Date | null;

  /** business minutes the clock stood still so far (added to the due times) */
  @Column({ type: 'double precision', default: 0 })
  slaPausedMinutes!: number;

  /** alerts already raised, e.g. {"FIRST_RESPONSE:AT_RISK": "2026-…"} */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  slaAlerts!: Record<string, string>;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Field(() => RootCause, { nullable: true })
  @Column({ type: 'varchar', length: 24, nullable: true })
  rootCause!: RootCause | null;

  @Column({ type: 'smallint', nullable: true })
  satisfactionScore!: number | null;

  @Column({ type: 'text', nullable: true })
  satisfactionComment!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  ratedAt!: Date | null;

  /** the agent who recorded a rating the customer gave them (source STAFF); null: the customer rated */
  @Column({ type: 'uuid', nullable: true })
  satisfactionRecordedById!: string | null;

  // RESTRICT: the rating's source must never silently turn into CUSTOMER
  @ManyToOne(() => Agent, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'satisfaction_recorded_by_id' })
  satisfactionRecordedByRef?: Relation<Agent>;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  firstRespondedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  /**
   * How many interactions are attached to this ticket. Kept exact by statement triggers on
   * interaction (migration TicketContactCount), in the writing transaction; read by ticketStats
   * (contactCount, shareOfContacts). Never written by the application, not loaded with the entity.
   */
  @Column({ type: 'int', default: 0, select: false, insert: false, update: false })
  contactCount?: number;
}
