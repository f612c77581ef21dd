import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { toGlobalId } from '../../graphql/ids';
import { Node } from '../../graphql/node';
import { Versioned } from '../common/timestamps';

/** The text-search configuration every article is indexed and searched with. */
export const SEARCH_CONFIG = 'english';

/**
 * The weighted document an article is searched by: title A, tags B, body C. Kept by
 * PostgreSQL as a stored generated column. `knowledge_tags_text(text[])` is a one-line
 * IMMUTABLE wrapper around `array_to_string` (created by the Knowledge migration), because
 * a generation expression may call immutable functions only and `array_to_string` is
 * merely stable.
 */
export const SEARCH_VECTOR_SQL =
  `setweight(to_tsvector('${SEARCH_CONFIG}', title), 'A')` +
  ` || setweight(to_tsvector('${SEARCH_CONFIG}', knowledge_tags_text(tags)), 'B')` +
  ` || setweight(to_tsvector('${SEARCH_CONFIG}', body), 'C')`;

@ObjectType({ implements: Node, description: 'A help-centre article; customers see published ones only' })
@Entity()
@Index(['published', 'updatedAt'])
export class KnowledgeArticle extends Versioned implements Node {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get nodeId(): string {
    return toGlobalId('KnowledgeArticle', this.id);
  }

  @Field()
  @Column({ type: 'varchar', length: 300 })
  title!: string;

  @Field({ description: 'Plain text' })
  @Column({ type: 'text' })
  body!: string;

  @Field(() => [String], { description: 'Lower-case, unique, at most 20' })
  @Index({ type: 'gin' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Field({ description: 'Only published articles exist for customers and are suggested' })
  @Column({ type: 'boolean', default: false })
  published!: boolean;

  @Field(() => Int, { description: 'How many times readers marked the article helpful' })
  @Column({ type: 'int', default: 0 })
  helpfulCount!: number;

  @Field(() => String, { nullable: true, description: 'BCP 47 language tag of the text, e.g. "en"; search always uses English stemming' })
  @Column({ type: 'varchar', length: 35, nullable: true })
  language!: string | null;

  /** the base's version, with this type's own description */
  @Field(() => Int, { description: 'Bumped by every edit (not by helpful votes)' })
  version!: number;

  /** never loaded; queries use it as `a.search_vector` */
  @Index({ type: 'gin' })
  @Column({ type: 'tsvector', generatedType: 'STORED', asExpression: SEARCH_VECTOR_SQL, select: false, insert: false, update: false })
  searchVector?: string;
}
