/**
 * What the availability tools (check_availability, find_available_listings) should answer
 * about a stay, computed from the sandbox's calendar and listing alone, independently of the
 * product's own stay rules.
 */
import { nightsBetween, plusDays } from "../../helpers/business-date";
import type { SandboxDay, SandboxListing } from "../../helpers/sandbox-records";

/** Whether the sandbox's data lets `guests` stay from `arrival` to `departure`, by the rules the tools apply. */
export function stayFits(
	days: readonly SandboxDay[],
	listing: Pick<SandboxListing, "personCapacity">,
	arrival: string,
	departure: string,
	guests: number,
): boolean {
	const byDate = new Map(days.map((day) => [day.date, day]));
	const nights = nightsBetween(arrival, departure);
	for (let n = 0; n < nights; n++) {
		if (byDate.get(plusDays(arrival, n))?.status !== "available") return false;
	}
	const first = byDate.get(arrival);
	if (!first || first.closedOnArrival === 1 || nights < first.minimumStay || nights > first.maximumStay) return false;
	if (byDate.get(departure)?.closedOnDeparture === 1) return false;
	return guests <= listing.personCapacity;
}

export interface ExpectedVerdict {
	nights: { date: string; reason: "reserved" | "blocked"; reservationIds?: number[] }[];
	rules: string[];
}

/** What check_availability should say about a stay, night by night and rule by rule. */
export function expectedVerdict(
	days: readonly SandboxDay[],
	listing: Pick<SandboxListing, "personCapacity">,
	arrival: string,
	departure: string,
	guests?: number,
): ExpectedVerdict {
	const byDate = new Map(days.map((day) => [day.date, day]));
	const nights: ExpectedVerdict["nights"] = [];
	const count = nightsBetween(arrival, departure);
	for (let n = 0; n < count; n++) {
		const day = byDate.get(plusDays(arrival, n));
		if (!day) throw new Error(`the test read no calendar day for ${plusDays(arrival, n)}`);
		if (day.status === "available") continue;
		const reason = day.status === "reserved" || day.status === "pending" ? "reserved" : "blocked";
		const ids = day.reservations.map((reservation) => reservation.id);
		nights.push({ date: day.date, reason, ...(ids.length > 0 ? { reservationIds: ids } : {}) });
	}
	const rules: string[] = [];
	const first = byDate.get(arrival);
	if (!first) throw new Error(`the test read no calendar day for the arrival ${arrival}`);
	if (count < first.minimumStay) rules.push("minimum_stay");
	if (count > first.maximumStay) rules.push("maximum_stay");
	if (first.closedOnArrival === 1) rules.push("closed_to_arrival");
	if (byDate.get(departure)?.closedOnDeparture === 1) rules.push("closed_to_departure");
	if (guests !== undefined && guests > listing.personCapacity) rules.push("over_capacity");
	return { nights, rules };
}
