/**
 * One clock (ARCHITECTURE.md invariant 10).
 *
 * The real clock measures time: rate windows, token lifetimes, confirmation and session
 * expiry. The business calendar says what day it is: relative dates ("tomorrow"), windows,
 * briefings and reports. The two agree, except in sandbox mode with SANDBOX_TODAY set, where
 * the business moment is that date at the real time of day. Keeping the time of day keeps
 * time zones honest: at 23:00 UTC it is already the next day in Tokyo, on any pinned date.
 */

const DAY_MS = 86_400_000;

/** A real `YYYY-MM-DD` calendar date (2027-02-29 is not one). */
export function isCalendarDate(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const parsed = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/** The moment on the business calendar: `realNow` itself, or `pinnedToday` (UTC) at realNow's time of day. */
export function businessMoment(realNow: Date, pinnedToday: string | undefined): Date {
	if (pinnedToday === undefined) return realNow;
	const timeOfDay = ((realNow.getTime() % DAY_MS) + DAY_MS) % DAY_MS;
	return new Date(Date.parse(`${pinnedToday}T00:00:00Z`) + timeOfDay);
}
