// Statements sent together: their answers in order, and on a failure the first error, but only once all are done.
import { describe, expect, it } from 'vitest';
import { together } from '../../src/db/together.ts';

const after = <T>(ms: number, value: T, fail = false) => new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(value) : resolve(value)), ms));

describe('together', () => {
  it('gives every answer in the order asked', async () => {
    expect(await together([after(5, 'a'), after(1, 2), after(3, ['c'])])).toEqual(['a', 2, ['c']]);
  });

  it('fails with the first error in the batch, and only when every statement has finished', async () => {
    let slowDone = false;
    const slow = after(20, 'slow').then((v) => ((slowDone = true), v));
    await expect(together([after(1, new Error('unique violation'), true), slow, after(2, new Error('second'), true)])).rejects.toThrow('unique violation');
    expect(slowDone).toBe(true);
  });

  it('fails with the cause, not with a statement refused because of it (25P02), whatever their order', async () => {
    const refused = Object.assign(new Error('current transaction is aborted'), { code: '25P02' });
    const cause = Object.assign(new Error('duplicate key'), { code: '23505' });
    await expect(together([after(1, refused, true), after(2, cause, true)])).rejects.toBe(cause);
    await expect(together([after(1, refused, true)])).rejects.toBe(refused);
  });
});
