/* global process, console */
// Removes from node_modules every package that the production dependencies of one workspace do not reach
// (read from package-lock.json): `npm ci --omit=dev --workspace X` still installs the other workspaces'
// dependencies, which put ONNX Runtime and sharp into the server image. `npm ls` checks the result afterwards.
//   node deploy/prune-to-workspace.mjs apps/server
import { readFileSync, rmSync } from 'node:fs';

const workspace = process.argv[2];
if (!workspace) {
  console.error('usage: prune-to-workspace.mjs <workspace path, e.g. apps/server>');
  process.exit(2);
}
const { packages } = JSON.parse(readFileSync('package-lock.json', 'utf8'));

/** Node's lookup from a lockfile path: its own node_modules, then each parent's, then the root's. */
function resolve(from, name) {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent === -1 ? '' : base.slice(0, parent);
  }
}

const keep = new Set();
const ownLink = Object.keys(packages).find(
  (path) => packages[path].link && packages[path].resolved === workspace,
);
const queue = ownLink ? [ownLink] : [workspace];
while (queue.length > 0) {
  const current = queue.pop();
  if (keep.has(current)) continue;
  keep.add(current);
  const entry = packages[current];
  if (!entry) continue;
  if (entry.link && entry.resolved) {
    queue.push(entry.resolved);
    continue;
  }
  const peers = Object.keys(entry.peerDependencies ?? {}).filter(
    (peer) => !entry.peerDependenciesMeta?.[peer]?.optional,
  );
  for (const name of [...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }), ...peers]) {
    const found = resolve(current, name);
    if (found) queue.push(found);
  }
}

let removed = 0;
for (const path of Object.keys(packages)) {
  if (!path.startsWith('node_modules/') || keep.has(path)) continue;
  rmSync(path, { recursive: true, force: true });
  removed += 1;
}
console.log(`prune-to-workspace: kept ${keep.size} lockfile entries for ${workspace}, removed ${removed}`);
