import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';

const FILE = new URL('./RESULTS.md', import.meta.url);

/**
 * Prints a section and replaces (or appends) it in bench/RESULTS.md between `<!-- <name>:begin -->` and
 * `<!-- <name>:end -->`, leaving other sections untouched and formatting with the repository's Prettier
 * settings. `BENCH_WRITE=0` prints only.
 */
export async function writeResultsSection(name: string, lines: string[]): Promise<void> {
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const section = [begin, ...lines, end].join('\n');
  console.log(section);
  if (process.env.BENCH_WRITE === '0') return;
  const current = existsSync(FILE) ? readFileSync(FILE, 'utf8') : '# Benchmark results\n';
  const start = current.indexOf(begin);
  const stop = current.indexOf(end);
  const next =
    start >= 0 && stop > start
      ? `${current.slice(0, start)}${section}${current.slice(stop + end.length)}`
      : `${current.trimEnd()}\n\n${section}\n`;
  const options = (await prettier.resolveConfig(fileURLToPath(FILE))) ?? {};
  writeFileSync(FILE, await prettier.format(next, { ...options, parser: 'markdown' }));
}
