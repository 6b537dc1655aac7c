import { ErrorBody } from '../../../contract/crm';

/** The error answers every add-on route may give, for the OpenAPI document. */
export const addonErrors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  429: ErrorBody,
  // At the answer deadline (answer-by.ts): the work goes on, ask again.
  503: ErrorBody,
} as const;
