import { OBJECT_SINGULAR, type ObjectType, type StandardError } from '../../contract/crm';
import type { PropertyProblem } from '../../contract/crm-property-values';
import { ApiError, validationError } from '../core/api-error';
import { DuplicateContactError } from '../store/objects';

// Errors in HubSpot's shapes: a write's invalid properties, a batch's missing ids, one failed record of a batch.

export function propertyError(problems: PropertyProblem[]): ApiError {
  const detail = problems.map((p) => ({ isValid: false, message: p.message, error: p.error, name: p.name }));
  return validationError(`Property values were not valid: ${JSON.stringify(detail)}`, {
    errors: problems.map((p) => ({ message: p.message, code: p.error, in: p.name })),
  });
}

export function notFoundError(type: ObjectType, ids: string[]): StandardError {
  return {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${OBJECT_SINGULAR[type].toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids },
    errors: [],
    links: {},
  };
}

/** One failed record of a batch, as HubSpot reports it inside a 207. */
export function standardError(err: unknown): StandardError {
  if (err instanceof DuplicateContactError) {
    return {
      status: 'error',
      category: 'CONFLICT',
      message: err.message,
      context: err.existingId === undefined ? {} : { existingId: [String(err.existingId)] },
      errors: [],
      links: {},
    };
  }
  if (err instanceof ApiError) {
    return {
      status: 'error',
      category: err.category,
      message: err.message,
      context: err.extra.context ?? {},
      errors: err.extra.subCategory ? [{ message: err.message, subCategory: err.extra.subCategory }] : [],
      links: {},
    };
  }
  throw err;
}
