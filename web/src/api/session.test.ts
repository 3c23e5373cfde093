import { describe, expect, it } from 'vitest';
import { clearSession, loadSession, saveSession } from './session.ts';

/** The Storage interface over a Map, as sessionStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => {
      items.delete(key);
    },
    setItem: (key, value) => {
      items.set(key, String(value));
    },
  };
}

describe('session', () => {
  it('keeps a session until it is cleared', () => {
    const storage = memoryStorage();
    expect(loadSession(storage)).toBeUndefined();
    saveSession(storage, { token: 't0ken', actor: 'alice', role: 'operator' });
    expect(loadSession(storage)).toEqual({ token: 't0ken', actor: 'alice', role: 'operator' });
    clearSession(storage);
    expect(loadSession(storage)).toBeUndefined();
    expect(storage.length).toBe(0);
  });

  it('keeps a reviewer, the role between viewer and operator', () => {
    const storage = memoryStorage();
    saveSession(storage, { token: 't0ken', actor: 'rita', role: 'reviewer' });
    expect(loadSession(storage)).toEqual({ token: 't0ken', actor: 'rita', role: 'reviewer' });
  });

  it('ignores stored values it did not write', () => {
    const storage = memoryStorage();
    for (const value of ['{', '"token"', 'null', '{"token":"","actor":"a","role":"admin"}', '{"token":"t","actor":"a","role":"root"}']) {
      storage.setItem('ballast.session', value);
      expect(loadSession(storage), value).toBeUndefined();
    }
  });
});
