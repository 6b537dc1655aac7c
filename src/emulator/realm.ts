// Values the emulator hands to add-on code are made in the add-on's own vm realm where it matters: code such as
// `catch (e) { if (e instanceof Error) … }` or `d instanceof Date` must behave as it does in Apps Script.

export interface Realm {
  /** An Apps Script service error: `name` is "Exception", as in Apps Script's own messages ("Exception: …"). */
  error(message: string): Error;
  date(ms: number): Date;
}

function makeRealm(ErrorCtor: ErrorConstructor, DateCtor: DateConstructor): Realm {
  return {
    error(message) {
      const e = new ErrorCtor(message);
      e.name = 'Exception';
      return e;
    },
    date: (ms) => new DateCtor(ms),
  };
}

/** The realm of node itself, for services used outside a vm (unit tests, tools). */
export const hostRealm: Realm = makeRealm(Error, Date);

/** The realm of a vm context (`vm.createContext`), read from its own global object. */
export function realmOf(context: object): Realm {
  const g = context as { Error: ErrorConstructor; Date: DateConstructor };
  return makeRealm(g.Error, g.Date);
}
