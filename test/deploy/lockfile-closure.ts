interface LockEntry {
  name?: string;
  link?: boolean;
  resolved?: string;
  dev?: boolean;
  hasInstallScript?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface Lockfile {
  packages: Record<string, LockEntry>;
}

/** The package name of a lockfile path (`node_modules/a/node_modules/@b/c` → `@b/c`). */
export function packageName(lockPath: string): string {
  const at = lockPath.lastIndexOf('node_modules/');
  return at === -1 ? lockPath : lockPath.slice(at + 'node_modules/'.length);
}

/** Node's lookup: `<from>/node_modules/<name>`, then each parent `node_modules`, then the root. */
function resolve(lock: Lockfile, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (base === '') return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent === -1 ? '' : base.slice(0, parent);
  }
}

/**
 * Lockfile paths that `npm ci --omit=dev --workspace <workspacePath>` installs: the workspace's production
 * dependencies, transitively (optional and required peer dependencies included; workspace links followed).
 */
export function productionClosure(lock: Lockfile, workspacePath: string): Set<string> {
  const seen = new Set<string>();
  const queue = [workspacePath];
  while (queue.length > 0) {
    const current = queue.pop() ?? '';
    if (seen.has(current)) continue;
    seen.add(current);
    const entry = lock.packages[current];
    if (!entry) continue;
    if (entry.link && entry.resolved) {
      queue.push(entry.resolved);
      continue;
    }
    const required = Object.keys({ ...entry.dependencies, ...entry.optionalDependencies });
    const peers = Object.keys(entry.peerDependencies ?? {}).filter(
      (peer) => !entry.peerDependenciesMeta?.[peer]?.optional,
    );
    for (const name of [...required, ...peers]) {
      const found = resolve(lock, current, name);
      if (found) queue.push(found);
    }
  }
  return seen;
}
