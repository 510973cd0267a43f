/**
 * Whether a stay fits a listing's calendar and rules, and every reason it does not. Used by
 * check_availability (one listing, with reasons shown), find_available_listings (many
 * listings, verifying what Hostaway's availability filter suggested), and create_booking /
 * update_booking (the rules only, shown as warnings: they find taken nights their own way).
 *
 * A stay occupies the nights from arrival up to, not including, departure. Rules read from
 * the calendar: the arrival day's minimum and maximum stay, closed-to-arrival on the arrival
 * date, closed-to-departure on the departure date. Capacity is the listing's personCapacity.
 */
import { z } from "zod";
import type { CalendarDay, Listing } from "../../hostaway";
import { addDays, daysBetween } from "../dates";
import { nightBlocker, reservationIdsOf } from "./calendar-nights";
import type { StayDates } from "./stay-dates";

export const unavailableNightSchema = z.object({
	date: z.string().describe("The night (the date the night starts)"),
	reason: z
		.enum(["reserved", "blocked", "no_calendar_data"])
		.describe(
			"reserved: a reservation or held request occupies it; blocked: closed by the host; no_calendar_data: Hostaway returned no day",
		),
	reservationIds: z.array(z.number().int()).optional(),
});
export type UnavailableNight = z.infer<typeof unavailableNightSchema>;

export const STAY_RULES_BROKEN = ["minimum_stay", "maximum_stay", "closed_to_arrival", "closed_to_departure", "over_capacity"] as const;

export const ruleProblemSchema = z.object({
	rule: z.enum(STAY_RULES_BROKEN),
	date: z.string().optional().describe("The date the rule is set on"),
	detail: z.string(),
});
export type RuleProblem = z.infer<typeof ruleProblemSchema>;

export interface StayVerdict {
	available: boolean;
	unavailableNights: UnavailableNight[];
	ruleProblems: RuleProblem[];
}

export interface StayQuestion extends StayDates {
	/** The party (adults + children), checked against capacity; leave out to skip that rule. */
	guests?: number;
	/** Days from the arrival through the departure date (the departure day is read for its rule only). */
	days: readonly CalendarDay[];
	listing: Pick<Listing, "personCapacity" | "minNights" | "maxNights">;
}

export function evaluateStay(stay: StayQuestion): StayVerdict {
	const unavailableNights = unavailableNightsOf(stay);
	const ruleProblems = stayRuleProblems(stay);
	return { available: unavailableNights.length === 0 && ruleProblems.length === 0, unavailableNights, ruleProblems };
}

/** Every night of the stay that cannot be booked, and why. */
function unavailableNightsOf({ arrival, departure, days }: StayQuestion): UnavailableNight[] {
	const byDate = new Map(days.map((day) => [day.date, day]));
	const nights = daysBetween(arrival, departure);
	const unavailableNights: UnavailableNight[] = [];
	for (let n = 0; n < nights; n++) {
		const date = addDays(arrival, n);
		const day = byDate.get(date);
		if (!day) {
			unavailableNights.push({ date, reason: "no_calendar_data" });
			continue;
		}
		const blocker = nightBlocker(day);
		if (!blocker) continue;
		const reservationIds = reservationIdsOf(day);
		unavailableNights.push({ date, reason: blocker, ...(reservationIds.length > 0 ? { reservationIds } : {}) });
	}
	return unavailableNights;
}

/** Every stay rule the stay breaks (minimum and maximum stay, closed days, capacity when `guests` is given). */
export function stayRuleProblems({ arrival, departure, guests, days, listing }: StayQuestion): RuleProblem[] {
	const byDate = new Map(days.map((day) => [day.date, day]));
	const nights = daysBetween(arrival, departure);
	const ruleProblems: RuleProblem[] = [];
	const arrivalDay = byDate.get(arrival);
	const departureDay = byDate.get(departure);
	const minimumStay = arrivalDay?.minimumStay ?? listing.minNights ?? null;
	if (minimumStay !== null && nights < minimumStay) {
		ruleProblems.push({
			rule: "minimum_stay",
			date: arrival,
			detail: `Arrivals on ${arrival} need at least ${minimumStay} nights; this stay has ${nights}.`,
		});
	}
	const maximumStay = arrivalDay?.maximumStay ?? listing.maxNights ?? null;
	if (maximumStay !== null && maximumStay > 0 && nights > maximumStay) {
		ruleProblems.push({
			rule: "maximum_stay",
			date: arrival,
			detail: `Arrivals on ${arrival} may stay at most ${maximumStay} nights; this stay has ${nights}.`,
		});
	}
	if (arrivalDay?.closedOnArrival) {
		ruleProblems.push({ rule: "closed_to_arrival", date: arrival, detail: `Guests may not arrive on ${arrival} (closed to arrival).` });
	}
	if (departureDay?.closedOnDeparture) {
		ruleProblems.push({
			rule: "closed_to_departure",
			date: departure,
			detail: `Guests may not leave on ${departure} (closed to departure).`,
		});
	}
	const capacity = listing.personCapacity ?? null;
	if (guests !== undefined && capacity !== null && guests > capacity) {
		ruleProblems.push({ rule: "over_capacity", detail: `${guests} guests, but the listing sleeps at most ${capacity}.` });
	}
	return ruleProblems;
}

/** One short phrase per problem kind, for rows that list reasons without detail. */
export function verdictReasons(verdict: StayVerdict): string[] {
	const reasons: string[] = [];
	const count = (reason: UnavailableNight["reason"]) => verdict.unavailableNights.filter((night) => night.reason === reason).length;
	for (const reason of ["reserved", "blocked", "no_calendar_data"] as const) {
		const nights = count(reason);
		if (nights > 0) reasons.push(`${nights} night${nights === 1 ? "" : "s"} ${reason.replace(/_/g, " ")}`);
	}
	for (const problem of verdict.ruleProblems) reasons.push(problem.detail);
	return reasons;
}
