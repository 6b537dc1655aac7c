// AuthorizationException: thrown by an add-on that needs the user to authorize a third-party service. Gmail then
// shows an authorization card; the driver answers with the google.apps.card.v1 AuthorizationError JSON.
import { Check } from '../check';

export const AUTHORIZATION = Symbol('mailtrail.authorization');

export interface AuthorizationRequest {
  authorizationUrl: string;
  resource?: string;
  customUiCallback?: string;
}

export class AuthorizationException {
  private url?: string;
  private resource?: string;
  private callback?: string;
  constructor(private readonly c: Check) {}

  setAuthorizationUrl(authUrl: string): this {
    this.url = this.c.url('authUrl', authUrl);
    return this;
  }
  setResourceDisplayName(name: string): this {
    this.resource = this.c.text('name', name);
    return this;
  }
  setCustomUiCallback(callback: string): this {
    this.callback = this.c.text('callback', callback);
    return this;
  }
  printJson(): string {
    return JSON.stringify(this.request(), null, 2);
  }
  throwException(): void {
    const error = this.c.realm.error('Authorization is required to perform that action.') as Error & {
      [AUTHORIZATION]?: AuthorizationRequest;
    };
    error[AUTHORIZATION] = this.request();
    throw error;
  }
  private request(): AuthorizationRequest {
    if (!this.url) this.c.fail('AuthorizationException: it needs an authorization URL (setAuthorizationUrl)');
    const request: AuthorizationRequest = { authorizationUrl: this.url };
    if (this.resource !== undefined) request.resource = this.resource;
    if (this.callback !== undefined) request.customUiCallback = this.callback;
    return request;
  }
}
