#!/usr/bin/env node
// The `journal` command. It runs the CLI from one JavaScript file that esbuild makes from src/ (packages
// stay in node_modules), rebuilt when any source is newer: a server run this way holds ~120 MB at rest
// against ~205 MB under tsx's loader (issue #6: under 300 MB at peak). Without esbuild, or with
// JOURNAL_RUNTIME=tsx, it runs the TypeScript through tsx as before. Either way in this process, so
// Ctrl+C and SIGTERM reach the server directly.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'src/cli/main.ts');
const bundle = path.join(root, 'dist/server/journal.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

async function bundled() {
  if (process.env.JOURNAL_RUNTIME === 'tsx') return null;
  const fresh = fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= Math.max(newestSource(path.join(root, 'src')), fs.statSync(path.join(root, 'package.json')).mtimeMs);
  if (fresh) return bundle;
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  // Written beside and renamed: another process starting at the same time never loads half a file.
  const tmp = `${bundle}.${process.pid}.tmp.mjs`;
  fs.mkdirSync(path.dirname(bundle), { recursive: true });
  try {
    await esbuild.build({
      entryPoints: [entry],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'external',
      logLevel: 'silent',
    });
    fs.renameSync(tmp, bundle);
    fs.renameSync(`${tmp}.map`, `${bundle}.map`);
    return bundle;
  } catch {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(`${tmp}.map`, { force: true });
    return null;
  }
}

const file = await bundled();
if (file) {
  await import(pathToFileURL(file).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
