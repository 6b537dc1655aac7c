import type { Strings } from '../i18n';

/**
 * What went wrong when the add-on asked the backend. The card or notification says it in the user's words; the raw
 * exception (with its stack) only goes to the execution log.
 */
export type FailureKind = 'unreachable' | 'timeout' | 'unauthorized' | 'rejected' | 'server' | 'invalid_response' | 'bug';

export type FailureDetail = { host?: string; status?: number; serverMessage?: string; correlationId?: string };

export class AddonFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    readonly detail: FailureDetail = {},
  ) {
    super(`${kind}${detail.status ? ` (HTTP ${detail.status})` : ''}${detail.serverMessage ? `: ${detail.serverMessage}` : ''}`);
    this.name = 'AddonFailure';
  }
}

/** Anything thrown that is not a backend failure is a bug of the add-on: said so, without its stack trace. */
export function asFailure(err: unknown): AddonFailure {
  return err instanceof AddonFailure ? err : new AddonFailure('bug');
}

export function describeFailure(failure: AddonFailure, s: Strings): string {
  const d = failure.detail;
  switch (failure.kind) {
    case 'unreachable':
      return s.failUnreachable(d.host ?? '?');
    case 'timeout':
      return s.failTimeout;
    case 'unauthorized':
      return s.failUnauthorized(d.serverMessage ?? `HTTP ${d.status}`);
    case 'rejected':
      return s.failRejected(d.serverMessage ?? `HTTP ${d.status}`);
    case 'server':
      return s.failServer(d.status ?? 500, d.correlationId ?? '-');
    case 'invalid_response':
      return s.failInvalid;
    case 'bug':
      return s.failBug;
  }
}

/** The card shown when a card could not be built: what failed, and a Retry that re-renders that card. */
export type ErrorView = { title: string; message: string; retry: { text: string; parameters: { view: RetryView } } };
export type RetryView = 'compose' | 'message' | 'home' | 'settings';

export function errorView(failure: AddonFailure, view: RetryView, s: Strings): ErrorView {
  return { title: s.errorTitle, message: describeFailure(failure, s), retry: { text: s.retry, parameters: { view } } };
}
