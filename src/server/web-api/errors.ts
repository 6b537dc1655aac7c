import { ApiError } from '../errors';

export { conflict, notFound, validationError } from '../errors';

// The web API's errors are the server's: thrown ApiErrors, written in the CRM API's shape by its error handler.
export const forbidden = (message: string) => new ApiError(403, 'MISSING_SCOPES', message);
export const unauthenticated = (message: string) => new ApiError(401, 'INVALID_AUTHENTICATION', message);
