import type { ErrorBody, ErrorCategory } from '../../contract/crm';

/**
 * An error the client should see, in HubSpot's shape: `{status:"error", message, correlationId, category, …}`.
 * Throw one from any handler or hook; the error handler writes it.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly category: ErrorCategory,
    message: string,
    readonly extra: Omit<Partial<ErrorBody>, 'status' | 'message' | 'category' | 'correlationId'> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const validationError = (message: string, extra: ApiError['extra'] = {}) =>
  new ApiError(400, 'VALIDATION_ERROR', message, extra);
export const notFound = (message: string, extra: ApiError['extra'] = {}) =>
  new ApiError(404, 'OBJECT_NOT_FOUND', message, extra);
export const conflict = (message: string) => new ApiError(409, 'CONFLICT', message);
// 403 and 401 in the same shape: the web API's session refusals.
export const forbidden = (message: string) => new ApiError(403, 'MISSING_SCOPES', message);
export const unauthenticated = (message: string) => new ApiError(401, 'INVALID_AUTHENTICATION', message);
