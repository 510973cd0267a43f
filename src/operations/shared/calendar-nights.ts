/**
 * What a Hostaway calendar day (hostaway-api.md §4.3) says about its night: whether it can
 * be booked, and if not, whether a reservation holds it or the host closed it.
 */
import type { CalendarDay } from "../../hostaway";

/** Why a night cannot be booked, from the day's status. */
export type NightBlocker = "reserved" | "blocked";

/** Day statuses that mean a reservation (confirmed or held) occupies the night. */
const RESERVED_DAY_STATUSES = new Set(["reserved", "pending", "mreserved", "conflicted"]);
/** Day statuses that mean the host (or Hostaway) closed the night. */
const BLOCKED_DAY_STATUSES = new Set(["blocked", "hardBlock", "mblocked"]);

/** True when the day's status says the host closed the night (not a reservation). */
export function isHostBlocked(day: Pick<CalendarDay, "status">): boolean {
	return BLOCKED_DAY_STATUSES.has(day.status ?? "");
}

/** What keeps the night of `day` from being booked, or null when it is open. */
export function nightBlocker(day: Pick<CalendarDay, "status" | "isAvailable">): NightBlocker | null {
	const status = day.status ?? "";
	if (RESERVED_DAY_STATUSES.has(status)) return "reserved";
	if (isHostBlocked(day)) return "blocked";
	if (status === "available") return null;
	// An undocumented or missing status: trust the availability flag, and fail closed.
	return day.isAvailable === true ? null : "blocked";
}

/** Hostaway ids of the reservations embedded in a day (filled only with includeResources=1). Nothing else is read from them. */
export function reservationIdsOf(day: Pick<CalendarDay, "reservations">): number[] {
	const ids: number[] = [];
	for (const reservation of day.reservations) {
		const id = Number((reservation as Record<string, unknown>).id);
		if (Number.isSafeInteger(id) && id > 0 && !ids.includes(id)) ids.push(id);
	}
	return ids;
}
