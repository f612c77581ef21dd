// After `tsc -p src/tsconfig.build.json`: dist/main.js starts the hub (node dist/main.js), and the web
// console's built assets, when there are some, go beside the compiled server that serves them.
import fs from 'node:fs';
import path from 'node:path';

const dist = path.resolve(__dirname, '..', '..');
fs.writeFileSync(path.join(dist, 'main.js'), "'use strict';\n// the compiled hub: see src/main.ts\nrequire('./src/main.js');\n");
const web = path.resolve(dist, '..', 'src', 'web', 'dist');
if (fs.existsSync(web)) fs.cpSync(web, path.join(dist, 'src', 'web', 'dist'), { recursive: true });
process.stdout.write(`built ${path.relative(process.cwd(), dist)}/ (node ${path.relative(process.cwd(), path.join(dist, 'main.js'))})\n`);
