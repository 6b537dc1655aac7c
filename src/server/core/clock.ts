/**
 * What time it is, for what the server schedules (reminders): the system's clock in production, one a test moves
 * itself elsewhere, so that "in three days" is tested without waiting three days.
 */
export type Clock = { now(): number };

export const systemClock: Clock = { now: () => Date.now() };
