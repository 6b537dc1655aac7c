// Apps Script services have many members mailtrail never uses. Calling one must fail with a message that says
// so, not with "undefined is not a function".
import type { Realm } from './realm';

const PROBES = new Set([
  'then',
  'toJSON',
  'constructor',
  'inspect',
  'valueOf',
  'toString',
  'nodeType',
  'asymmetricMatch',
]);

export function failingUnknownMembers<T extends object>(service: string, target: T, realm: Realm): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (
        typeof prop !== 'string' ||
        prop in obj ||
        PROBES.has(prop) ||
        prop.startsWith('$$') ||
        prop.startsWith('@@')
      ) {
        return Reflect.get(obj, prop, receiver);
      }
      return () => {
        throw realm.error(`${service}.${prop} is not emulated (mailtrail does not use it); see docs/emulator.md`);
      };
    },
  });
}
