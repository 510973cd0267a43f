/**
 * What the sandbox's data says about a stay, computed from its calendar and listing alone,
 * independently of the product's own stay rules: what the availability tools
 * (check_availability, find_available_listings) should answer, and free stays for tests that
 * book one.
 */
import { businessToday, nightsBetween, plusDays } from "./business-date";
import { type SandboxDay, type SandboxListing, sandboxCalendar } from "./sandbox-records";

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

export interface FreeStay {
	listing: SandboxListing;
	arrival: string;
	departure: string;
}

/**
 * `count` free, non-overlapping stays of `nights` nights for `guests` on one of the listings,
 * four to ten months ahead, that break none of the listing's rules. Throws when none has them.
 */
export async function findFreeStays(
	listings: readonly SandboxListing[],
	count: number,
	{ nights = 3, guests = 2 }: { nights?: number; guests?: number } = {},
): Promise<FreeStay[]> {
	const start = plusDays(businessToday(), 120);
	const end = plusDays(start, 180);
	for (const listing of listings.filter((candidate) => candidate.personCapacity >= guests && candidate.specialStatus !== "archived")) {
		const days = await sandboxCalendar(listing.id, start, end);
		const stays: FreeStay[] = [];
		for (let arrival = start; arrival < plusDays(end, -nights) && stays.length < count; arrival = plusDays(arrival, 1)) {
			const departure = plusDays(arrival, nights);
			if (stays.some((stay) => arrival < stay.departure)) continue;
			if (stayFits(days, listing, arrival, departure, guests)) stays.push({ listing, arrival, departure });
		}
		if (stays.length === count) return stays;
	}
	throw new Error(`no listing has ${count} free stays of ${nights} nights between ${start} and ${end}`);
}
