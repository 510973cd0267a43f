/**
 * The sandbox's two times. Tokens (not-before, lifetime), rate-limit windows and the request
 * log run on the real clock. The data runs on the business day: the portfolio is seeded around
 * it, and records the API creates are stamped with it. The business day is the real UTC date,
 * or SANDBOX_TODAY when set, so a whole portfolio can be dated on any day; its time of day is
 * the real one, as on Hostaway.
 */

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface SandboxClock {
	/** Real milliseconds since the epoch. */
	nowMs: number;
	/** The same moment on the sandbox's business day. Equal to nowMs unless SANDBOX_TODAY is set. */
	businessNowMs: number;
}

/** Reads SANDBOX_TODAY (`YYYY-MM-DD`); an unreadable value is an error, never silently ignored. */
export function sandboxClock(sandboxToday: string | undefined, nowMs = Date.now()): SandboxClock {
	const pinned = sandboxToday?.trim();
	if (!pinned) return { nowMs, businessNowMs: nowMs };
	const dayStart = Date.parse(`${pinned}T00:00:00Z`);
	if (!DATE.test(pinned) || Number.isNaN(dayStart) || new Date(dayStart).toISOString().slice(0, 10) !== pinned) {
		throw new Error("SANDBOX_TODAY must be a calendar date as YYYY-MM-DD");
	}
	return { nowMs, businessNowMs: dayStart + (((nowMs % DAY_MS) + DAY_MS) % DAY_MS) };
}
