import { describe, expect, it } from 'vitest';
import { checkTarget, isPrivateAddress, UnsafeTargetError, type ResolveHost } from './safe-target.ts';

const dns =
  (table: Record<string, string[]>): ResolveHost =>
  async (host) => {
    const found = table[host];
    if (!found) throw new Error(`ENOTFOUND ${host}`);
    return found;
  };

describe('isPrivateAddress', () => {
  it.each([
    ['10.1.2.3'],
    ['172.16.0.1'],
    ['172.31.255.255'],
    ['192.168.1.1'],
    ['127.0.0.1'],
    ['127.8.9.10'],
    ['169.254.169.254'],
    ['100.64.0.1'],
    ['0.0.0.0'],
    ['224.0.0.1'],
    ['255.255.255.255'],
    ['::1'],
    ['::'],
    ['0:0:0:0:0:0:0:1'],
    ['fe80::1'],
    ['fe80::1%eth0'],
    ['fc00::1'],
    ['fd12:3456:789a::1'],
    ['::ffff:127.0.0.1'],
    ['::ffff:7f00:1'],
    ['::ffff:10.0.0.1'],
    ['::ffff:a9fe:a9fe'],
    ['::127.0.0.1'],
    ['64:ff9b::a00:1'],
    ['2002:c0a8:101::1'],
    ['ff02::1'],
    ['not-an-address'],
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    ['8.8.8.8'],
    ['172.32.0.1'],
    ['172.15.255.255'],
    ['192.169.0.1'],
    ['100.128.0.1'],
    ['2606:4700::1111'],
    ['::ffff:8.8.8.8'],
    ['64:ff9b::808:808'],
    ['2002:808:808::1'],
  ])('allows the public address %s', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe('checkTarget', () => {
  const resolve = dns({
    'hooks.example.com': ['93.184.216.34'],
    'internal.example.com': ['10.0.0.7'],
    'mixed.example.com': ['93.184.216.34', 'fd00::7'],
    'mapped.example.com': ['::ffff:192.168.0.10'],
    'v6.example.com': ['2606:4700::1111'],
  });

  it('answers the address it checked, so the request connects to exactly that one', async () => {
    const target = await checkTarget('https://hooks.example.com/alert', false, resolve);
    expect(target).toMatchObject({ address: '93.184.216.34', family: 4 });
    expect(target.url.pathname).toBe('/alert');
    expect(await checkTarget('https://v6.example.com/', false, resolve)).toMatchObject({ address: '2606:4700::1111', family: 6 });
  });

  it.each([
    ['http://127.0.0.1:9093', /private, loopback or link-local/],
    ['http://[::1]:9093/', /private, loopback or link-local/],
    ['http://[fd00::1]/', /private/],
    ['http://[::ffff:127.0.0.1]/', /private/],
    ['http://169.254.169.254/latest/meta-data', /private/],
    ['http://internal.example.com/hook', /10\.0\.0\.7/],
    ['http://mixed.example.com/hook', /fd00::7/],
    ['http://mapped.example.com/hook', /private/],
    ['file:///etc/passwd', /only http and https/],
    ['gopher://hooks.example.com/', /only http and https/],
    ['not a url', /^the receiver URL is not a URL$/],
  ])('refuses %s', async (url, message) => {
    const refused = checkTarget(url, false, resolve);
    await expect(refused).rejects.toBeInstanceOf(UnsafeTargetError);
    await expect(refused).rejects.toThrow(message);
  });

  it('fails, as something to try again, on a name that does not resolve now', async () => {
    const failed = checkTarget('http://nowhere.example.com/hook', false, resolve);
    await expect(failed).rejects.toThrow('cannot resolve nowhere.example.com: ENOTFOUND nowhere.example.com');
    await expect(failed).rejects.not.toBeInstanceOf(UnsafeTargetError);
  });

  it('lets a receiver an admin marked allow_private reach private and loopback addresses', async () => {
    expect(await checkTarget('http://127.0.0.1:9093', true, resolve)).toMatchObject({ address: '127.0.0.1' });
    expect(await checkTarget('http://internal.example.com/hook', true, resolve)).toMatchObject({ address: '10.0.0.7' });
    // Still only http(s), and still only names that resolve.
    await expect(checkTarget('file:///etc/passwd', true, resolve)).rejects.toThrow(/only http and https/);
  });
});
