import { randomBytes } from 'node:crypto';
import type { ComposeIntentRequest } from '../../src/contract/addon';

/** The body of an Apply from the compose card: track and log one email to Grace unless told otherwise. */
export function intentRequest(over: Partial<ComposeIntentRequest> = {}): ComposeIntentRequest {
  return {
    draftKey: `draft-${randomBytes(8).toString('hex')}`,
    track: true,
    log: true,
    associations: [],
    createContacts: [],
    neverLog: [],
    recipients: { to: ['grace@engines.example'], cc: [], bcc: [] },
    ...over,
  };
}
