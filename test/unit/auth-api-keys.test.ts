import { createHash } from 'node:crypto';
import { API_KEY_PATTERN, generateApiKey, hashApiKey, looksLikeApiKey } from '../../src/access/api-keys';
import { ALL_SCOPES, ANONYMOUS_CALLER, isScope, mayReceiveTraces } from '../../src/access/caller';

describe('API keys', () => {
  it('are "cgw_" followed by 32 random bytes in base64url, different every time', () => {
    const keys = Array.from({ length: 50 }, () => generateApiKey());
    for (const key of keys) {
      expect(key).toMatch(API_KEY_PATTERN);
      expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
    }
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('are stored as "sha256:" and the hex SHA-256 of the whole key, as `printf %s "$KEY" | sha256sum` prints it', () => {
    const key = 'cgw_0123456789abcdefghijklmnopqrstuvwxyzABCDE';
    expect(hashApiKey(key)).toBe(`sha256:${createHash('sha256').update(key).digest('hex')}`);
    expect(hashApiKey(key)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('are recognised when pasted where a hash belongs', () => {
    expect(looksLikeApiKey(generateApiKey())).toBe(true);
    expect(looksLikeApiKey(` ${generateApiKey()}`)).toBe(true);
    expect(looksLikeApiKey(hashApiKey(generateApiKey()))).toBe(false);
  });
});

describe('scopes and the anonymous caller', () => {
  it('knows exactly read, agents:write, users:write, people:write, events:read and traces:read', () => {
    expect(ALL_SCOPES).toEqual(['read', 'agents:write', 'users:write', 'people:write', 'events:read', 'traces:read']);
    expect(ALL_SCOPES.every(isScope)).toBe(true);
    expect(isScope('admin')).toBe(false);
    expect(isScope('READ')).toBe(false);
  });

  it('gives the anonymous caller (authentication off) every scope but traces:read, and the default tenant', () => {
    expect(ANONYMOUS_CALLER).toMatchObject({ name: 'anonymous', kind: 'anonymous', tenant: 'default' });
    expect([...ANONYMOUS_CALLER.scopes]).toEqual(['read', 'agents:write', 'users:write', 'people:write', 'events:read']);
    expect(mayReceiveTraces(ANONYMOUS_CALLER)).toBe(false);
    expect(mayReceiveTraces(undefined)).toBe(false);
    expect(Object.isFrozen(ANONYMOUS_CALLER)).toBe(true);
  });
});
