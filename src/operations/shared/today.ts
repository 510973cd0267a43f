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
 * A tool with a `timeZone` argument lets the caller name the zone instead of rule 3.
 *
 * Explicit YYYY-MM-DD dates need no zone and are used as given. "Now" is the call's business
 * clock (context.businessNow), never the machine's.
 */
import { z } from "zod";
import type { Listing } from "../../hostaway";
import { isCalendarDate } from "../../clock";
import { type IsoDate, isKnownTimeZone, type RangeRules, todayIn } from "../dates";
import { OperationError } from "../errors";

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

/** The optional `timeZone` argument of portfolio-wide tools: the caller's zone instead of rule 3. */
export const timeZoneArgument = z
	.string()
	.trim()
	.min(1)
	.max(64)
	.optional()
	.describe('IANA zone for date words (e.g. "Europe/Lisbon"); default the portfolio\'s main one');

/** Checks a `timeZone` argument before anything is sent. */
export function checkTimeZoneArgument(timeZone: string | undefined): string | undefined {
	if (timeZone !== undefined && !isKnownTimeZone(timeZone)) {
		throw new OperationError(
			"invalid_input",
			`timeZone: "${timeZone}" is not an IANA time zone; use a name like "Europe/Lisbon" or "America/New_York".`,
		);
	}
	return timeZone;
}

/** A relative word or phrase ("tomorrow", "this weekend"), not a YYYY-MM-DD date: only these need a "today". */
export function isRelativeDate(value: string | undefined): boolean {
	return value !== undefined && !isCalendarDate(value.trim());
}

/**
 * Today for a portfolio-wide question with one answer: in the zone the caller named, else by
 * rule 3 when a date is relative (the listings are read only then; they are usually cached).
 * Explicit dates need no zone: today is then taken in UTC, only to check they are not past.
 */
export async function portfolioToday(
	zoneArgument: string | undefined,
	anyRelative: boolean,
	listings: () => Promise<readonly Zoned[]>,
	now: Date,
): Promise<{ today: IsoDate; timeZone: string; rule: string }> {
	if (zoneArgument !== undefined) {
		return { today: todayIn(zoneArgument, now), timeZone: zoneArgument, rule: `today in the time zone asked for (${zoneArgument})` };
	}
	if (!anyRelative) return { today: todayIn("UTC", now), timeZone: "UTC", rule: "dates given as YYYY-MM-DD (no time zone needed)" };
	return todayFor({ kind: "portfolio", listings: await listings() }, now);
}

/**
 * The rules of a range that do not depend on which day today is (word spelling, order, length):
 * checked against today in UTC before anything is fetched, so a bad range costs no upstream call.
 */
export function todayIndependent(rules: RangeRules): RangeRules {
	return { what: rules.what, maxDays: rules.maxDays, allowSameDay: rules.allowSameDay };
}
