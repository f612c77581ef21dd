import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { createDataSource } from './data-source';
import { createScratchDatabase, scratchServer } from './scratch';

/**
 * Runs every migration on a throwaway database and asks TypeORM's schema builder what the
 * entities still need. `--check` fails when anything is pending (entities and migrations
 * out of step); `--generate Name` writes the pending changes as a new migration.
 */
async function main() {
  const generate = process.argv.indexOf('--generate');
  const server = await scratchServer(process.env.TEST_DATABASE_URL || process.env.DATABASE_URL);
  const scratch = await createScratchDatabase(server.adminUrl, 'sg_migcheck');
  const db = createDataSource(scratch.url);
  let code = 0;
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'all' });
    const sql = await db.driver.createSchemaBuilder().log();
    const up = sql.upQueries.map((q) => q.query);
    const down = sql.downQueries.map((q) => q.query).reverse();
    if (generate >= 0) {
      const name = (process.argv[generate + 1] ?? 'Change').replace(/[^A-Za-z0-9]/g, '');
      if (!up.length) {
        process.stdout.write('nothing to generate: migrations match the entities\n');
      } else {
        const ts = Date.now();
        const file = path.join(__dirname, '..', '..', 'migrations', `${ts}-${name}.ts`);
        const lit = (q: string) => '`' + q.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${') + '`';
        fs.writeFileSync(
          file,
          `import type { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
            `export class ${name}${ts} implements MigrationInterface {\n` +
            `  name = '${name}${ts}';\n\n` +
            `  public async up(q: QueryRunner): Promise<void> {\n${up.map((x) => `    await q.query(${lit(x)});`).join('\n')}\n  }\n\n` +
            `  public async down(q: QueryRunner): Promise<void> {\n${down.map((x) => `    await q.query(${lit(x)});`).join('\n')}\n  }\n}\n`,
        );
        process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
      }
    } else if (up.length) {
      process.stderr.write(`migrations are out of step with the entities; pending:\n${up.join(';\n')}\nrun \`npm run migration:generate -- Name\`\n`);
      code = 1;
    } else {
      process.stdout.write('migrations match the entities\n');
    }
  } finally {
    await db.destroy().catch(() => undefined);
    await scratch.drop().catch(() => undefined);
    await server.stop();
  }
  process.exit(code);
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n');
  process.exit(1);
});
