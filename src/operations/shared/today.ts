/**
 * What "today" means, the one rule every tool follows (README, "What 'today' means"). Hostaway
 * dates have no time zone, and at 23:00 in Lisbon it is already tomorrow in Tokyo, so:
 *
 * 1. A question about one listing uses that listing's time zone (UTC when it names none).
 * 2. A question across listings whose answer is per listing (the daily briefing: each listing's
 *    arrivals) uses each listing's own today, and the answer says which dates and zones that was.
 * 3. A question across listings with one answer (a report's range, a search window) uses the
 *    portfolio's main time zone: the zone most active listings use, ties broken alphabetically,
 *    UTC when none names one. The answer states the zone.
 *
 * Explicit YYYY-MM-DD dates need no zone and are used as given. "Now" is the call's business
 * clock (context.businessNow), never the machine's.
 */
import type { Listing } from "../../hostaway";
import { type IsoDate, todayIn } from "../dates";

export { listingToday } from "./listings";

type Zoned = Pick<Listing, "timeZoneName">;

/** The zone a listing's today is taken in (rule 1). */
export function listingTimeZone(listing: Zoned): string {
	return listing.timeZoneName || "UTC";
}

/** The portfolio's main time zone (rule 3): the one most listings use, ties broken alphabetically, UTC when none says. */
export function mainTimeZone(listings: readonly Zoned[]): string {
	const counts = new Map<string, number>();
	for (const listing of listings) {
		if (listing.timeZoneName) counts.set(listing.timeZoneName, (counts.get(listing.timeZoneName) ?? 0) + 1);
	}
	let best = "UTC";
	let bestCount = 0;
	for (const [zone, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
		if (count > bestCount) [best, bestCount] = [zone, count];
	}
	return best;
}

/** Which of the rule's cases a question is. */
export type TodayScope =
	{ kind: "listing"; listing: Zoned & Pick<Listing, "id"> } | { kind: "each-listing" } | { kind: "portfolio"; listings: readonly Zoned[] };

/** Today for a question with one answer (rules 1 and 3), with the zone it was taken in and the rule in words. */
export function todayFor(
	scope: Exclude<TodayScope, { kind: "each-listing" }>,
	now: Date,
): { today: IsoDate; timeZone: string; rule: string } {
	const timeZone = scope.kind === "listing" ? listingTimeZone(scope.listing) : mainTimeZone(scope.listings);
	return { today: todayIn(timeZone, now), timeZone, rule: todayRule(scope, timeZone) };
}

/** The rule applied, in words, for the answer ("today in listing 1234's time zone, Europe/Lisbon"). */
export function todayRule(scope: TodayScope, timeZone?: string): string {
	if (scope.kind === "listing") return `today in listing ${scope.listing.id}'s time zone (${timeZone ?? listingTimeZone(scope.listing)})`;
	if (scope.kind === "each-listing") return "today in each listing's time zone";
	return `today in the portfolio's main time zone (${timeZone ?? mainTimeZone(scope.listings)}, the zone most listings use)`;
}
