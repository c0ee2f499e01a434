import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../config.js';
import { readServerArgs } from './server-help.js';

describe(readServerArgs.name, () => {
  it('starts without arguments', () => {
    expect(readServerArgs([], '1.2.3')).toEqual({ kind: 'start' });
  });

  it('--help names every variable the server reads', () => {
    const help = readServerArgs(['--help'], '1.2.3');
    expect(help).toMatchObject({ kind: 'print', exitCode: 0 });
    const text = help.kind === 'print' ? help.text : '';
    for (const name of CONFIG_VARIABLES) expect(text, name).toMatch(new RegExp(`\\b${name}\\b`));
    expect(text.split('\n').every((line) => line.length <= 110)).toBe(true);
  });

  it('--version prints the version; anything else is a usage error', () => {
    expect(readServerArgs(['--version'], '1.2.3')).toMatchObject({ text: 'attendance-server 1.2.3' });
    expect(readServerArgs(['--port', '80'], '1.2.3')).toMatchObject({ kind: 'usage-error', exitCode: 64 });
  });
});
