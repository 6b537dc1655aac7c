// PropertiesService: a script store shared by every user of the add-on, one user store per user, no document
// store in Gmail. Values are strings; Apps Script's quotas are enforced: 9 KB per value, 500 KB per store.
// The stores can live in a JSON file, so separate CLI runs and a long-lived web emulator see the same state.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { Check } from './check';
import type { Realm } from './realm';

export const MAX_PROPERTY_VALUE_BYTES = 9 * 1024;
export const MAX_PROPERTY_STORE_BYTES = 500 * 1024;

type StoreData = Record<string, string>;
type StateFile = { script: StoreData; users: Record<string, StoreData> };

export class PropertyStores {
  private readonly state: StateFile = { script: {}, users: {} };

  /** With a file, the stores are read from it now and written back after every change. */
  constructor(private readonly file?: string) {
    if (file && existsSync(file)) {
      let parsed: Partial<StateFile>;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8'));
      } catch (err) {
        throw new Error(
          `the emulator state file ${file} is not valid JSON (${(err as Error).message}); fix it or delete it to start empty`,
          { cause: err },
        );
      }
      this.state.script = { ...parsed.script };
      this.state.users = { ...parsed.users };
    }
  }

  script(): StoreData {
    return this.state.script;
  }
  user(email: string): StoreData {
    return (this.state.users[email] ??= {});
  }
  /** Replaces one store's content in one step, then persists. */
  commit(store: StoreData, next: StoreData): void {
    for (const key of Object.keys(store)) delete store[key];
    Object.assign(store, next);
    if (!this.file) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state, null, 2) + '\n');
    renameSync(tmp, this.file);
  }
}

function storeBytes(data: StoreData): number {
  let total = 0;
  for (const [key, value] of Object.entries(data)) total += Buffer.byteLength(key) + Buffer.byteLength(value);
  return total;
}

export class Properties {
  private readonly c: Check;
  constructor(
    realm: Realm,
    private readonly stores: PropertyStores,
    private readonly data: StoreData,
  ) {
    this.c = new Check(realm);
  }

  getProperty(key: string): string | null {
    const k = this.c.text('key', key);
    return Object.prototype.hasOwnProperty.call(this.data, k) ? this.data[k] : null;
  }
  getProperties(): { [key: string]: string } {
    return { ...this.data };
  }
  getKeys(): string[] {
    return Object.keys(this.data);
  }
  setProperty(key: string, value: string): this {
    return this.write({ ...this.data, ...this.entry(key, value) });
  }
  setProperties(properties: { [key: string]: string }, deleteAllOthers = false): this {
    if (properties === null || typeof properties !== 'object') this.c.fail('Invalid argument: properties');
    let next: StoreData = deleteAllOthers ? {} : { ...this.data };
    for (const [key, value] of Object.entries(properties)) next = { ...next, ...this.entry(key, value) };
    return this.write(next);
  }
  deleteProperty(key: string): this {
    const next = { ...this.data };
    delete next[this.c.text('key', key)];
    return this.write(next);
  }
  deleteAllProperties(): this {
    return this.write({});
  }

  private entry(key: unknown, value: unknown): StoreData {
    const k = this.c.text('key', key);
    if (k === '') this.c.fail('Invalid argument: key (empty)');
    if (value === null || value === undefined || typeof value === 'object') {
      this.c.fail(`Invalid argument: value (property values are strings; serialise objects with JSON.stringify)`);
    }
    const v = this.c.text('value', value);
    if (Buffer.byteLength(v) > MAX_PROPERTY_VALUE_BYTES) this.c.fail('Argument too large: value');
    return { [k]: v };
  }

  /** Checked as a whole before anything changes, so a refused write leaves the store as it was. */
  private write(next: StoreData): this {
    if (storeBytes(next) > MAX_PROPERTY_STORE_BYTES) {
      this.c.fail('You have exceeded the property storage quota. Please remove some properties and try again.');
    }
    this.stores.commit(this.data, next);
    return this;
  }
}

export function createPropertiesService(deps: { realm: Realm; stores: PropertyStores; user: string }) {
  return {
    getScriptProperties: () => new Properties(deps.realm, deps.stores, deps.stores.script()),
    getUserProperties: () => new Properties(deps.realm, deps.stores, deps.stores.user(deps.user)),
    /** Gmail add-ons have no bound document. */
    getDocumentProperties: (): null => null,
  };
}
