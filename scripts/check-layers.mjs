#!/usr/bin/env node
// Layer rules of ../shared/ARCHITECTURE.md, enforced on import statements (the compiler enforces the
// runtime split through one tsconfig per runtime; this script enforces who may depend on whom).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const HOST_PACKAGES = ['electron', 'react', 'react-dom', 'zustand', 'piscina'];
const NODE_BUILTINS = new Set((await import('node:module')).builtinModules.flatMap((m) => [m, `node:${m}`]));

/** layer -> predicate over (specifier, resolved target layer or null) returning an error text or null */
const rules = {
  'core/contract': (spec, target) =>
    target && target !== 'core/contract'
      ? `core/contract may import only core/contract, not ${target}`
      : !target && !spec.startsWith('.')
        ? `core/contract must stay dependency-free (imports ${spec})`
        : null,
  core: (spec, target) =>
    HOST_PACKAGES.some((p) => spec === p || spec.startsWith(`${p}/`))
      ? `core must not import host package ${spec}`
      : target && !target.startsWith('core')
        ? `core must not import ${target}`
        : null,
  renderer: (spec, target) =>
    NODE_BUILTINS.has(spec)
      ? `renderer must not import Node built-in ${spec}`
      : spec === 'electron'
        ? 'renderer must not import electron (use the bridge)'
        : target && target !== 'renderer' && target !== 'core/contract'
          ? `renderer may import only core/contract from the engine, not ${target}`
          : null,
  workers: (spec, target) =>
    spec === 'electron' || (target && !['workers', 'core', 'core/contract'].includes(target))
      ? `workers may import only core (imports ${spec})`
      : null,
  cli: (spec, target) =>
    spec === 'electron' || (target && ['renderer', 'electron'].includes(target))
      ? `cli must not import ${spec}`
      : null,
  server: (spec, target) =>
    spec === 'electron' || (target && ['electron', 'cli'].includes(target))
      ? `server must not import ${spec}`
      : null,
  scripts: (spec) => (spec === 'electron' ? 'scripts must not import electron' : null),
  tests: (spec) => (spec === 'electron' ? 'tests must not import electron (it cannot run here)' : null),
};

function layerOf(rel) {
  if (rel.startsWith(`core${sep}contract`)) return 'core/contract';
  const top = rel.split(sep)[0];
  return top in rules || top === 'electron' ? top : null;
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.(ts|tsx|mts|js|mjs)$/.test(name)) yield p;
  }
}

const IMPORT_RE =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;
const problems = [];
for (const top of ['core', 'renderer', 'workers', 'cli', 'server', 'scripts', 'tests']) {
  let files;
  try {
    files = [...walk(join(root, top))];
  } catch {
    continue;
  }
  for (const file of files) {
    const rel = relative(root, file);
    const layer = layerOf(rel);
    const check = rules[layer];
    if (!check) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      const target = spec.startsWith('.') ? layerOf(relative(root, resolve(dirname(file), spec))) : null;
      const err = check(spec, target);
      if (err) problems.push(`${rel}: ${err}`);
    }
  }
}
if (problems.length) {
  console.error(`Layer rules broken (${problems.length}):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('layers: ok');
