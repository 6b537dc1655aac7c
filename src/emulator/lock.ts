// LockService. Executions run one after another in the emulator, so a lock is only ever contended by another
// Lock object of the same execution; every lock is released when the execution ends, as in Apps Script.
import { Check } from './check';
import type { Realm } from './realm';

export class Lock {
  private held = false;
  constructor(
    private readonly c: Check,
    private readonly owners: Map<string, Lock>,
    private readonly resource: string,
  ) {}

  tryLock(timeoutInMillis: number): boolean {
    this.c.int('timeoutInMillis', timeoutInMillis, 0);
    const owner = this.owners.get(this.resource);
    if (owner && owner !== this) return false;
    this.owners.set(this.resource, this);
    return (this.held = true);
  }
  waitLock(timeoutInMillis: number): void {
    if (!this.tryLock(timeoutInMillis)) this.c.fail('Lock timeout: another process was holding the lock for too long.');
  }
  hasLock(): boolean {
    return this.held;
  }
  releaseLock(): void {
    if (this.owners.get(this.resource) === this) this.owners.delete(this.resource);
    this.held = false;
  }
}

export function createLockService(deps: { realm: Realm; user: string }) {
  const c = new Check(deps.realm);
  const owners = new Map<string, Lock>();
  return {
    getScriptLock: () => new Lock(c, owners, 'script'),
    getUserLock: () => new Lock(c, owners, `user:${deps.user}`),
    /** Gmail add-ons have no bound document. */
    getDocumentLock: (): null => null,
  };
}
