#!/usr/bin/env node
// Builds the console and the explorer into src/web/dist when they are missing or stale.
// Run by `npm ci`/`npm install` (postinstall), `npm start` (prestart) and `npm test` (pretest);
// when nothing changed it only hashes the inputs (~50 ms). `--force` (npm run web:build)
// always builds. The stamp is a hash of every input: src/web (but dist), the example
// operations the explorer offers (schema/operations) and the dependency lock.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..');
const dist = path.join(here, 'dist');
const stampFile = path.join(dist, '.build-stamp');

function files(dir, skip) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (skip.has(full)) continue;
    if (e.isDirectory()) out.push(...files(full, skip));
    else out.push(full);
  }
  return out;
}

function inputsHash() {
  const h = crypto.createHash('sha256');
  const list = [
    ...files(here, new Set([dist, path.join(here, 'node_modules')])),
    ...files(path.join(repo, 'schema', 'operations'), new Set()),
    path.join(repo, 'package-lock.json'),
  ].sort();
  for (const f of list) {
    h.update(path.relative(repo, f));
    h.update('\0');
    h.update(fs.existsSync(f) ? fs.readFileSync(f) : '');
    h.update('\0');
  }
  return h.digest('hex');
}

const force = process.argv.includes('--force');
const hash = inputsHash();
const current = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : null;
if (!force && current === hash && fs.existsSync(path.join(dist, 'index.html')) && fs.existsSync(path.join(dist, 'explorer.html'))) {
  process.exit(0);
}

const started = Date.now();
process.stdout.write(`building the console and explorer (src/web → src/web/dist)${current ? ': sources changed' : ''}…\n`);
const { build } = await import('vite');
await build({ configFile: path.join(here, 'vite.config.mjs'), logLevel: 'error' });
fs.writeFileSync(stampFile, hash + '\n');
process.stdout.write(`built src/web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
