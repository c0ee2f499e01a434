import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../apps/server/src/config.js';
import { copySources, parseDockerfile, stagesOf } from './dockerfile-parser.js';
import { packageName, productionClosure, type Lockfile } from './lockfile-closure.js';

/*
 * No image was built where these tests run (no Docker engine). They lint what can be checked without one:
 * stages, base images, users, paths, ports, install-script policy, and which npm packages each image gets.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const lock = JSON.parse(read('package-lock.json')) as Lockfile;
const rootPackage = JSON.parse(read('package.json')) as { allowScripts: Record<string, boolean> };

const DOCKERFILES = ['deploy/server.Dockerfile', 'deploy/edge.Dockerfile'] as const;
const NATIVE_INFERENCE = /^(onnxruntime-node|onnxruntime-web|onnxruntime-common|sharp|@img\/)/;

describe.each(DOCKERFILES)('%s', (file) => {
  const instructions = parseDockerfile(read(file));
  const stages = stagesOf(instructions);
  const runtime = stages.at(-1);

  it('is multi-stage, and the runtime stage copies from the earlier ones by name', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const names = stages.map((stage) => stage.name);
    for (const [index, stage] of stages.entries()) {
      for (const instruction of stage.instructions.filter((i) => i.keyword === 'COPY')) {
        const { from } = copySources(instruction.args);
        if (from) expect(names.slice(0, index), `line ${instruction.line}`).toContain(from);
      }
    }
  });

  it('builds on pinned base images (a version tag, never latest)', () => {
    for (const stage of stages) {
      const [, tag = ''] = stage.image.split(':');
      expect(tag, stage.image).toMatch(/^\d+\.\d+/);
      expect(tag).not.toContain('latest');
    }
  });

  it('has no `# syntax=` line (BuildKit would fetch that frontend from a registry)', () => {
    expect(read(file)).not.toMatch(/^#\s*syntax\s*=/m);
  });

  it('checks the installed tree after every npm ci (npm can exit 0 after a failed download)', () => {
    const installs = instructions.filter((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) {
      expect(install.args, `line ${install.line}`).toMatch(/npm ci [^&;]*&& npm ls --all\b/);
      // An optional extra CA (build secret) for builds behind a TLS-intercepting proxy.
      expect(install.args).toContain('--mount=type=secret,id=extra_ca');
    }
  });

  it('runs as a non-root user', () => {
    const users = runtime?.instructions.filter((i) => i.keyword === 'USER') ?? [];
    const last = users.at(-1)?.args.trim();
    expect(last).toBeDefined();
    expect(last).not.toMatch(/^(root|0)(:|$)/);
  });

  it('copies only paths that exist in the repository and are not excluded by .dockerignore', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
    for (const stage of stages) {
      for (const instruction of stage.instructions.filter(
        (i) => i.keyword === 'COPY' || i.keyword === 'ADD',
      )) {
        const { from, sources } = copySources(instruction.args);
        if (from) continue;
        for (const source of sources) {
          expect(existsSync(path.join(ROOT, source)), `${file}:${instruction.line} ${source}`).toBe(true);
          const top = source.split('/')[0] ?? '';
          expect(ignored, `${source} is excluded from the build context`).not.toContain(top);
        }
      }
    }
  });

  it('copies the tsconfig every copied tsconfig extends (Vite and tsx read them)', () => {
    for (const stage of stages) {
      const copied = stage.instructions
        .filter((i) => i.keyword === 'COPY')
        .flatMap((i) => (copySources(i.args).from ? [] : copySources(i.args).sources));
      for (const source of copied) {
        const tsconfig = path.join(ROOT, source, 'tsconfig.json');
        if (!existsSync(tsconfig)) continue;
        const { extends: parent } = JSON.parse(readFileSync(tsconfig, 'utf8')) as { extends?: string };
        if (!parent) continue;
        const needed = path.relative(ROOT, path.resolve(path.dirname(tsconfig), parent));
        expect(
          copied,
          `${file}: stage ${stage.name ?? ''} copies ${source}, which extends ${needed}`,
        ).toContain(needed);
      }
    }
  });

  it('installs with npm ci --ignore-scripts, which is exactly the allowScripts policy', () => {
    const installs = instructions.filter((i) => i.keyword === 'RUN' && /\bnpm (ci|install)\b/.test(i.args));
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.args).toMatch(/npm ci .*--ignore-scripts/);
    // Every package with an install script is denied in package.json, so ignoring scripts changes nothing.
    const withScripts = Object.entries(lock.packages)
      .filter(([, entry]) => entry.hasInstallScript)
      .map(([lockPath]) => packageName(lockPath));
    expect(withScripts.length).toBeGreaterThan(0);
    for (const name of withScripts) expect(rootPackage.allowScripts[name], name).toBe(false);
  });
});

describe('what each image installs (lockfile closure of `npm ci --omit=dev --workspace …`)', () => {
  const server = [...productionClosure(lock, 'apps/server')].map(packageName);
  const edge = [...productionClosure(lock, 'apps/edge')].map(packageName);

  it('the server image gets no ONNX Runtime and no sharp', () => {
    expect(server).toEqual(expect.arrayContaining(['fastify', 'pg', 'ioredis', 'prom-client', 'tsx']));
    expect(server.filter((name) => NATIVE_INFERENCE.test(name))).toEqual([]);
    expect(server).not.toContain('packages/vision');
  });

  it('the edge image gets ONNX Runtime for Node and sharp, not the browser runtime', () => {
    expect(edge).toEqual(expect.arrayContaining(['onnxruntime-node', 'sharp', 'ws', 'tsx']));
    expect(edge).not.toContain('onnxruntime-web');
  });

  it('the web app brings its own browser runtime; the server needs @upstash/redis only in tests', () => {
    expect([...productionClosure(lock, 'apps/web')].map(packageName)).toContain('onnxruntime-web');
    expect(server).not.toContain('@upstash/redis');
  });

  it('no server or protocol source imports the face pipeline or a native inference module', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(rel);
        else if (rel.endsWith('.ts') && !rel.endsWith('.test.ts')) {
          const text = read(rel);
          if (/from '(@attendance\/vision|onnxruntime-[a-z]+|sharp)[/']/.test(text)) offenders.push(rel);
        }
      }
    };
    walk('apps/server/src');
    walk('packages/protocol/src');
    expect(offenders).toEqual([]);
  });
});

describe('deploy/edge.Dockerfile', () => {
  const runs = parseDockerfile(read('deploy/edge.Dockerfile')).filter((i) => i.keyword === 'RUN');

  it("prunes node_modules to the edge's own production closure (no onnxruntime-web), then checks it", () => {
    const prune = runs.find((i) => i.args.includes('prune-to-workspace.mjs'));
    expect(prune?.args).toMatch(
      /prune-to-workspace\.mjs apps\/edge\s+&&\s+npm ls --all --omit=dev --workspace @attendance\/edge/,
    );
    expect(prune?.args).toContain('test ! -e node_modules/onnxruntime-web');
  });

  it("drops other platforms' ONNX Runtime binaries", () => {
    const prune = runs.find((i) => i.args.includes('node_modules/onnxruntime-node/bin/napi-v*/linux/*'));
    expect(prune).toBeDefined();
    // …and proves what stays still loads.
    expect(prune?.args).toContain("require('onnxruntime-node')");
  });
});

describe('deploy/server.Dockerfile', () => {
  const instructions = parseDockerfile(read('deploy/server.Dockerfile'));
  const runtime = stagesOf(instructions).at(-1);
  const env = Object.fromEntries(
    (runtime?.instructions.filter((i) => i.keyword === 'ENV') ?? []).flatMap((i) =>
      [...i.args.matchAll(/(\w+)=(\S+)/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
    ),
  );

  it("prunes node_modules to the server's own production closure, then checks it with npm ls", () => {
    const runs = parseDockerfile(read('deploy/server.Dockerfile')).filter((i) => i.keyword === 'RUN');
    const prune = runs.find((i) => i.args.includes('prune-to-workspace.mjs'));
    expect(prune?.args).toMatch(
      /prune-to-workspace\.mjs apps\/server\s+&&\s+npm ls --all --omit=dev --workspace @attendance\/server/,
    );
  });

  it('exposes and health-checks the port the server listens on with its ENV', () => {
    const port = loadConfig(env, { baseDir: '/' }).port;
    const exposed = runtime?.instructions.find((i) => i.keyword === 'EXPOSE')?.args.trim();
    expect(Number(exposed)).toBe(port);
    const health = runtime?.instructions.find((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
    expect(health).toContain(`127.0.0.1:${port}/health/ready`);
    expect(env.HOST).toBe('0.0.0.0');
  });

  it('starts the server entry point that exists in the repository', () => {
    const cmd = runtime?.instructions.find((i) => i.keyword === 'CMD')?.args ?? '';
    const entry = (JSON.parse(cmd) as string[]).at(-1) ?? '';
    expect(existsSync(path.join(ROOT, entry))).toBe(true);
  });
});
