/** What a token may do; registered as the GraphQL enum `Role` in src/modules/common/enums.ts. */
export enum Role { ADMIN = 'ADMIN', MANAGER = 'MANAGER', AGENT = 'AGENT', ANALYST = 'ANALYST', CUSTOMER = 'CUSTOMER' }
