import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printSdl } from '../graphql/schema';
import { createSchema } from './schema';

/** Writes schema/schema.graphql from the code; with --check, fails when the file is out of step. */
async function main() {
  const file = path.join(__dirname, '..', '..', 'schema', 'schema.graphql');
  const sdl = printSdl(await createSchema());
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== sdl) {
      process.stderr.write('schema/schema.graphql is out of step with the code: run `npm run schema:emit` and commit it\n');
      process.exit(1);
    }
    process.stdout.write('schema/schema.graphql is up to date\n');
    return;
  }
  fs.writeFileSync(file, sdl);
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n');
  process.exit(1);
});
