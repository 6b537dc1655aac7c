// The per-message access tokens Gmail puts in add-on events. A token opens the message it was issued for and
// the rest of its thread (gmail.addons.current.message.*); a compose token opens no message.
import { randomBytes } from 'node:crypto';

export class AccessTokens {
  private readonly grants = new Map<string, { messageId?: string }>();

  issue(messageId?: string): string {
    const token = `emulated-gmail-token.${randomBytes(12).toString('base64url')}`;
    this.grants.set(token, { messageId });
    return token;
  }

  lookup(token: string): { messageId?: string } | undefined {
    return this.grants.get(token);
  }
}
