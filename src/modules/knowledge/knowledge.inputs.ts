import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Payload } from '../../graphql/payload';
import { KnowledgeArticle } from './knowledge-article.entity';

@InputType({ description: 'Fields combine with AND; lists mean "any of"; *From is inclusive, *To exclusive' })
export class KnowledgeArticleFilter {
  @Field(() => Boolean, { nullable: true, description: 'Customers see published articles only, whatever this says' }) published?: boolean | null;
  @Field(() => [String], { nullable: true, description: 'Articles carrying any of these tags (case-insensitive)' }) tags?: string[] | null;
  @Field(() => Date, { nullable: true }) updatedFrom?: Date | null;
  @Field(() => Date, { nullable: true }) updatedTo?: Date | null;
  @Field(() => [KnowledgeArticleFilter], { nullable: true }) and?: KnowledgeArticleFilter[] | null;
  @Field(() => [KnowledgeArticleFilter], { nullable: true }) or?: KnowledgeArticleFilter[] | null;
  @Field(() => KnowledgeArticleFilter, { nullable: true }) not?: KnowledgeArticleFilter | null;
}

@InputType()
export class CreateKnowledgeArticleInput {
  @Field({ description: '1 to 300 characters' }) title!: string;
  @Field({ description: 'Plain text, 1 to 100000 characters' }) body!: string;
  @Field(() => [String], { nullable: true, description: 'At most 20, each 1 to 50 characters; stored lower-case without duplicates' }) tags?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Default false (a draft)' }) published?: boolean | null;
  @Field(() => String, { nullable: true, description: 'BCP 47 language tag, e.g. "en"' }) language?: string | null;
  @Field(() => String, { nullable: true }) idempotencyKey?: string | null;
}

@InputType({ description: 'Fields left out stay as they are; null clears tags and language' })
export class UpdateKnowledgeArticleInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { nullable: true }) expectedVersion?: number | null;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) body?: string | null;
  @Field(() => [String], { nullable: true, description: 'Replaces the tags' }) tags?: string[] | null;
  @Field(() => Boolean, { nullable: true }) published?: boolean | null;
  @Field(() => String, { nullable: true }) language?: string | null;
}

@InputType()
export class MarkArticleHelpfulInput {
  @Field(() => ID) articleId!: string;
}

@ObjectType()
export class CreateKnowledgeArticlePayload extends Payload {
  @Field(() => KnowledgeArticle, { nullable: true }) article!: KnowledgeArticle | null;
}

@ObjectType()
export class UpdateKnowledgeArticlePayload extends Payload {
  @Field(() => KnowledgeArticle, { nullable: true }) article!: KnowledgeArticle | null;
}

@ObjectType()
export class MarkArticleHelpfulPayload extends Payload {
  @Field(() => KnowledgeArticle, { nullable: true }) article!: KnowledgeArticle | null;
}
