import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password-hash.js';

describe('password hashing (scrypt)', () => {
  it('verifies the right password, refuses a wrong one, and salts every hash', async () => {
    const first = await hashPassword('correct horse battery', 14);
    const second = await hashPassword('correct horse battery', 14);
    expect(first).toMatch(/^scrypt\$14\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('correct horse battery', first)).toBe(true);
    expect(await verifyPassword('correct horse batterY', first)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'md5$abc')).toBe(false);
  });

  it('reads the cost from the stored hash (raising the default keeps old hashes valid)', async () => {
    const cheap = await hashPassword('another long secret', 12);
    expect(await verifyPassword('another long secret', cheap)).toBe(true);
  });
});
