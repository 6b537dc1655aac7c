/**
 * Repeated opens of one email within a window make one notification (Gmail re-fetches the pixel each time the
 * reader comes back to the message). The state is per email and kind; `repeats` tells the next notification how
 * many were folded into it.
 */
export type CoalesceState = { lastNotifiedAt: number; folded: number } | null;

export const DEFAULT_COALESCE_WINDOW_MS = 10 * 60_000;

export function coalesce(state: CoalesceState, at: number, windowMs = DEFAULT_COALESCE_WINDOW_MS): { notify: boolean; repeats: number; state: CoalesceState } {
  if (state && at - state.lastNotifiedAt < windowMs) return { notify: false, repeats: 0, state: { ...state, folded: state.folded + 1 } };
  return { notify: true, repeats: state?.folded ?? 0, state: { lastNotifiedAt: at, folded: 0 } };
}
