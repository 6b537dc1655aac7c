/**
 * Repeated opens of one email within a window make one notification: Gmail fetches the pixel again each time the
 * reader comes back to the message, and a notification per glance is noise. So do repeated clicks of one link (a
 * reader clicking again, or going back and forth); a click of another link of the email notifies. The feed still
 * lists every open and click.
 */
export const DEFAULT_COALESCE_WINDOW_MS = 10 * 60_000;

export function coalesce(lastNotifiedAt: number | null, at: number, windowMs = DEFAULT_COALESCE_WINDOW_MS): boolean {
  return lastNotifiedAt === null || at - lastNotifiedAt >= windowMs;
}
