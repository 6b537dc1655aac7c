// PropertiesService and CacheService: string values, Apps Script's quotas, expiry, persistence.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CacheStores, createCacheService } from '../../src/emulator/cache';
import { createPropertiesService, PropertyStores } from '../../src/emulator/properties';
import { hostRealm } from '../../src/emulator/realm';

const props = (stores = new PropertyStores(), user = 'ada@acme.test') =>
  createPropertiesService({ realm: hostRealm, stores, user });

describe('PropertiesService', () => {
  it('keeps string values; a missing key is null; numbers are stored as strings', () => {
    const p = props().getUserProperties();
    expect(p.getProperty('missing')).toBeNull();
    p.setProperty('neverLog', '["@rival.test"]').setProperty('count', 3 as unknown as string);
    expect(p.getProperty('neverLog')).toBe('["@rival.test"]');
    expect(p.getProperty('count')).toBe('3');
    expect(p.getKeys().sort()).toEqual(['count', 'neverLog']);
    expect(p.getProperties()).toEqual({ neverLog: '["@rival.test"]', count: '3' });
  });

  it('setProperties merges, or replaces everything with deleteAllOthers; deleteProperty and deleteAllProperties', () => {
    const p = props().getScriptProperties();
    p.setProperties({ a: '1', b: '2' });
    p.setProperties({ c: '3' });
    expect(p.getProperties()).toEqual({ a: '1', b: '2', c: '3' });
    p.setProperties({ d: '4' }, true);
    expect(p.getProperties()).toEqual({ d: '4' });
    p.setProperty('e', '5').deleteProperty('d');
    expect(p.getKeys()).toEqual(['e']);
    p.deleteAllProperties();
    expect(p.getKeys()).toEqual([]);
  });

  it('rejects objects and null as values instead of storing "[object Object]"', () => {
    const p = props().getUserProperties();
    expect(() => p.setProperty('x', { a: 1 } as unknown as string)).toThrow(/property values are strings/);
    expect(() => p.setProperty('x', null as unknown as string)).toThrow(/Invalid argument: value/);
  });

  it('user stores are per user; the script store is shared; Gmail has no document store', () => {
    const stores = new PropertyStores();
    props(stores, 'ada@acme.test').getUserProperties().setProperty('k', 'ada');
    props(stores, 'bob@acme.test').getUserProperties().setProperty('k', 'bob');
    props(stores, 'ada@acme.test').getScriptProperties().setProperty('shared', 'yes');
    expect(props(stores, 'ada@acme.test').getUserProperties().getProperty('k')).toBe('ada');
    expect(props(stores, 'bob@acme.test').getUserProperties().getProperty('k')).toBe('bob');
    expect(props(stores, 'bob@acme.test').getScriptProperties().getProperty('shared')).toBe('yes');
    expect(props(stores).getDocumentProperties()).toBeNull();
  });

  it('a value over 9 KB is refused and changes nothing', () => {
    const p = props().getUserProperties();
    p.setProperty('k', 'kept');
    expect(() => p.setProperty('k', 'x'.repeat(9 * 1024 + 1))).toThrow('Argument too large: value');
    expect(p.getProperty('k')).toBe('kept');
    expect(() => p.setProperty('k', 'é'.repeat(4700))).toThrow('Argument too large: value'); // 9,400 bytes in UTF-8
    p.setProperty('k', 'x'.repeat(9 * 1024));
    expect(p.getProperty('k')).toHaveLength(9 * 1024);
  });

  it('a store over 500 KB is refused whole, even when set in one setProperties call', () => {
    const p = props().getScriptProperties();
    const value = 'x'.repeat(9000);
    for (let i = 0; i < 56; i++) p.setProperty(`k${i}`, value);
    expect(() => p.setProperty('k56', value)).toThrow(
      'You have exceeded the property storage quota. Please remove some properties and try again.',
    );
    expect(p.getKeys()).toHaveLength(56);
    expect(() => p.setProperties({ a: value, b: value }, true)).not.toThrow();
    const big = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`n${i}`, value]));
    expect(() => p.setProperties(big)).toThrow(/property storage quota/);
    expect(p.getKeys().sort()).toEqual(['a', 'b']);
  });

  it('persists to a JSON file that a new runtime reads back', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mailtrail-props-')), 'state.json');
    props(new PropertyStores(file)).getUserProperties().setProperty('neverLog', '["x@y.test"]');
    props(new PropertyStores(file)).getScriptProperties().setProperty('MAILTRAIL_BACKEND_URL', 'http://127.0.0.1:1');
    const again = props(new PropertyStores(file));
    expect(again.getUserProperties().getProperty('neverLog')).toBe('["x@y.test"]');
    expect(again.getScriptProperties().getProperty('MAILTRAIL_BACKEND_URL')).toBe('http://127.0.0.1:1');
    expect(JSON.parse(readFileSync(file, 'utf8')).users['ada@acme.test']).toEqual({ neverLog: '["x@y.test"]' });
  });

  it('a damaged state file is reported, not silently replaced', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mailtrail-props-')), 'state.json');
    writeFileSync(file, '{ not json');
    expect(() => new PropertyStores(file)).toThrow(/is not valid JSON .* fix it or delete it/);
  });
});

describe('CacheService', () => {
  function caches() {
    let now = 1_700_000_000_000;
    const stores = new CacheStores(() => now);
    const service = (user = 'ada@acme.test') => createCacheService({ realm: hostRealm, caches: stores, user });
    return { service, advance: (seconds: number) => (now += seconds * 1000) };
  }

  it('get, put, putAll, getAll, remove, removeAll', () => {
    const cache = caches().service().getUserCache();
    expect(cache.get('k')).toBeNull();
    cache.put('k', 'v');
    cache.putAll({ a: '1', b: '2' });
    expect(cache.get('k')).toBe('v');
    expect(cache.getAll(['a', 'b', 'missing'])).toEqual({ a: '1', b: '2' });
    cache.remove('k');
    cache.removeAll(['a']);
    expect(cache.getAll(['k', 'a', 'b'])).toEqual({ b: '2' });
  });

  it('values expire after 10 minutes by default, or after the time given', () => {
    const { service, advance } = caches();
    const cache = service().getScriptCache();
    cache.put('default', 'v');
    cache.put('short', 'v', 30);
    advance(29);
    expect(cache.get('short')).toBe('v');
    advance(1);
    expect(cache.get('short')).toBeNull();
    advance(569);
    expect(cache.get('default')).toBe('v');
    advance(1);
    expect(cache.get('default')).toBeNull();
  });

  it('expiry is 1 s to 6 h', () => {
    const { service, advance } = caches();
    const cache = service().getScriptCache();
    cache.put('k', 'v', 21_600);
    advance(21_599);
    expect(cache.get('k')).toBe('v');
    expect(() => cache.put('k', 'v', 21_601)).toThrow(/at most 21600 seconds/);
    expect(() => cache.put('k', 'v', 0)).toThrow(/Invalid argument: expirationInSeconds/);
  });

  it('keys over 250 characters and values over 100 KB are refused', () => {
    const cache = caches().service().getUserCache();
    expect(() => cache.put('k'.repeat(251), 'v')).toThrow('Argument too large: key');
    expect(() => cache.put('k', 'v'.repeat(100 * 1024 + 1))).toThrow('Argument too large: value');
    expect(() => cache.putAll({ ok: 'v', bad: 'v'.repeat(100 * 1024 + 1) })).toThrow('Argument too large: value');
    expect(cache.get('ok')).toBeNull();
    cache.put('k'.repeat(250), 'v'.repeat(100 * 1024));
    expect(cache.get('k'.repeat(250))).toHaveLength(100 * 1024);
  });

  it('user caches are per user; the script cache is shared; Gmail has no document cache', () => {
    const { service } = caches();
    service('ada@acme.test').getUserCache().put('k', 'ada');
    expect(service('bob@acme.test').getUserCache().get('k')).toBeNull();
    service('ada@acme.test').getScriptCache().put('k', 'shared');
    expect(service('bob@acme.test').getScriptCache().get('k')).toBe('shared');
    expect(service().getDocumentCache()).toBeNull();
  });

  it('holds at most 1,000 items, dropping the oldest write first', () => {
    const cache = caches().service().getScriptCache();
    for (let i = 0; i < 1001; i++) cache.put(`k${i}`, 'v');
    expect(cache.get('k0')).toBeNull();
    expect(cache.get('k1')).toBe('v');
    expect(cache.get('k1000')).toBe('v');
  });
});
