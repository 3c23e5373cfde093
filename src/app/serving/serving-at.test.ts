import { describe, expect, it } from 'vitest';
import { servingAt } from './serving-at.ts';
import type { ServingHost } from './serving-host.ts';

const serving = { version: { version: 3 } } as Awaited<ReturnType<ServingHost['describe']>>;
const host = { describe: async (name: string) => (name === 'credit' ? serving : Promise.reject(new Error(`unknown ${name}`))) };

describe('servingAt', () => {
  it('answers what the deployment serves, with or without the version it serves named', async () => {
    expect(await servingAt(host, 'credit')).toBe(serving);
    expect(await servingAt(host, 'credit', '3')).toBe(serving);
  });
  it('refuses a version the deployment does not serve', async () => {
    await expect(servingAt(host, 'credit', '2')).rejects.toMatchObject({
      code: 'version_not_found',
      message: 'deployment "credit" serves version 3, not 2',
    });
  });
});
