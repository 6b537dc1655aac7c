/**
 * Repeated opens of one email within a window make one notification: Gmail fetches the pixel again each time the
 * reader comes back to the message, and a notification per glance is noise. The feed still lists every open.
 */
export const DEFAULT_COALESCE_WINDOW_MS = 10 * 60_000;

export function coalesce(lastNotifiedAt: number | null, at: number, windowMs = DEFAULT_COALESCE_WINDOW_MS): boolean {
  return lastNotifiedAt === null || at - lastNotifiedAt >= windowMs;
}
