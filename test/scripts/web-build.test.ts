import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../scripts/build-web-if-changed.js';
import { isBuildCurrent, sourceHash, writeStamp } from '../../scripts/web-build-stamp.js';

describe('npm start builds the web app only when its inputs changed', () => {
  let dir: string;
  let src: string;
  let dist: string;
  let builds: number;
  const options = () => ({
    dist,
    inputs: [src],
    lock: path.join(dir, 'lock'),
    build: () => {
      builds += 1;
      mkdirSync(dist, { recursive: true });
      writeStamp(dist, sourceHash([src]));
    },
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'web-build-'));
    src = path.join(dir, 'src');
    dist = path.join(dir, 'dist');
    mkdirSync(path.join(src, 'pages'), { recursive: true });
    writeFileSync(path.join(src, 'main.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(src, 'pages', 'live.ts'), 'export const b = 2;\n');
    builds = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds when there is no build, then skips while nothing changed (a touch is not a change)', async () => {
    expect(await ensureWebBuild(options())).toBe('built');
    expect(await ensureWebBuild(options())).toBe('current');
    utimesSync(path.join(src, 'main.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(await ensureWebBuild(options())).toBe('current');
    expect(builds).toBe(1);
  });

  it('builds again after an edit, a new file or a renamed file', async () => {
    await ensureWebBuild(options());
    writeFileSync(path.join(src, 'main.ts'), 'export const a = 3;\n');
    expect(await ensureWebBuild(options())).toBe('built');
    writeFileSync(path.join(src, 'pages', 'people.ts'), '');
    expect(await ensureWebBuild(options())).toBe('built');
    rmSync(path.join(src, 'pages', 'people.ts'));
    writeFileSync(path.join(src, 'pages', 'groups.ts'), '');
    expect(await ensureWebBuild(options())).toBe('built');
    expect(builds).toBe(4);
  });

  it('ignores test files beside the sources (they never reach the bundle)', async () => {
    await ensureWebBuild(options());
    writeFileSync(path.join(src, 'pages', 'live.test.ts'), 'it();\n');
    expect(await ensureWebBuild(options())).toBe('current');
  });

  it('a build stamped by another tree is not current', () => {
    mkdirSync(dist);
    writeStamp(dist, 'f'.repeat(64));
    expect(isBuildCurrent(dist, sourceHash([src]))).toBe(false);
  });

  it('two callers at once build once', async () => {
    const both = await Promise.all([ensureWebBuild(options()), ensureWebBuild(options())]);
    expect(both.sort()).toEqual(['built', 'current']);
    expect(builds).toBe(1);
  });
});

describe('the Vite config', () => {
  it('silences only the zod annotation notices', async () => {
    const { default: config } = (await import('../../apps/web/vite.config.js')) as {
      default: { build: { rollupOptions: { onwarn: (w: object, warn: (w: object) => void) => void } } };
    };
    const shown: object[] = [];
    const onwarn = config.build.rollupOptions.onwarn;
    onwarn({ code: 'INVALID_ANNOTATION', id: '/r/node_modules/zod/v4/core/util.js' }, (w) => shown.push(w));
    onwarn({ code: 'INVALID_ANNOTATION', id: '/r/apps/web/src/main.ts' }, (w) => shown.push(w));
    onwarn({ code: 'CIRCULAR_DEPENDENCY', id: '/r/node_modules/zod/v4/x.js' }, (w) => shown.push(w));
    expect(shown).toHaveLength(2);
  });
});
