import type { FastifyRequest } from 'fastify';

/**
 * A state-changing request must come from a page of this server: its Origin must be this host. Together with
 * SameSite=Lax this stops another site from acting with the user's session (CSRF).
 */
export function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
