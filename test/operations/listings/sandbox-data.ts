/**
 * The sandbox's own data, read directly (not through the tools), for computing what the
 * listing tools should answer: listings with their secrets, calendars with reservations,
 * and each listing's "today" in its time zone.
 */
import { DEMO, api, usableToken, viaFetch } from "../../sandbox/helpers";
import { sandboxGet, sandboxGetAll } from "../../helpers/tools";

export interface SandboxListing {
	id: number;
	name: string;
	city: string;
	country: string;
	countryCode: string;
	timeZoneName: string;
	personCapacity: number;
	minNights: number;
	maxNights: number;
	price: number;
	currencyCode: string;
	bedroomsNumber: number;
	bathroomsNumber: number;
	checkInTimeStart: number;
	checkInTimeEnd: number | null;
	checkOutTime: number;
	cleaningFee: number;
	priceForExtraPerson: number;
	refundableDamageDeposit: number;
	weeklyDiscount: number;
	monthlyDiscount: number;
	propertyRentTax: number;
	guestPerPersonPerNightTax: number;
	publicAddress: string;
	street: string;
	zipcode: string;
	cancellationPolicy: string;
	instantBookable: number;
	doorSecurityCode: string;
	wifiUsername: string;
	wifiPassword: string;
	airbnbListingUrl: string;
	vrboListingUrl: string;
	googleVrListingUrl: string;
	expediaListingUrl: string;
	listingAmenities: { amenityName: string }[];
	listingFeeSetting: { feeTitle: string; amount: number }[];
}

export interface SandboxDay {
	date: string;
	status: string;
	isAvailable: number;
	price: number;
	minimumStay: number;
	maximumStay: number;
	closedOnArrival: number | null;
	closedOnDeparture: number | null;
	note: string | null;
	reservations: { id: number }[];
}

export function sandboxListings(): Promise<SandboxListing[]> {
	return sandboxGetAll<SandboxListing>("/listings");
}

/** Days from `start` through `end` (inclusive), with the reservations occupying each night. */
export function sandboxCalendar(listingId: number, start: string, end: string): Promise<SandboxDay[]> {
	return sandboxGet<SandboxDay[]>(`/listings/${listingId}/calendar?startDate=${start}&endDate=${end}&includeResources=1`);
}

let token: Promise<string> | undefined;

/** Hostaway's (the sandbox's) price quote for a stay, asked directly. */
export async function sandboxQuote(listingId: number, arrival: string, departure: string, guests: number): Promise<{ totalPrice: number }> {
	token ??= usableToken(viaFetch, DEMO);
	const { status, body } = await api(viaFetch, await token, "POST", `/listings/${listingId}/calendar/priceDetails`, {
		startingDate: arrival,
		endingDate: departure,
		numberOfGuests: guests,
		version: 2,
	});
	if (status !== 200) throw new Error(`sandbox quote answered ${status}`);
	return body.result;
}

export function todayInZone(timeZone: string, now = new Date()): string {
	return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function plusDays(date: string, days: number): string {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function nightsBetween(from: string, to: string): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Whether the sandbox's data lets `guests` stay from `arrival` to `departure`, by the rules the tools apply. */
export function stayFits(
	days: readonly SandboxDay[],
	listing: SandboxListing,
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

/** Every secret value of the sandbox's listings, for "never in any output" checks. */
export function listingSecrets(listings: readonly SandboxListing[]): string[] {
	return listings
		.flatMap((listing) => [listing.doorSecurityCode, listing.wifiPassword, listing.wifiUsername])
		.filter((value) => typeof value === "string" && value.length >= 3);
}

export interface ExpectedVerdict {
	nights: { date: string; reason: "reserved" | "blocked"; reservationIds?: number[] }[];
	rules: string[];
}

/** What check_availability should say about a stay, computed from the sandbox's calendar and listing alone. */
export function expectedVerdict(
	days: readonly SandboxDay[],
	listing: SandboxListing,
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
	const first = byDate.get(arrival)!;
	if (count < first.minimumStay) rules.push("minimum_stay");
	if (count > first.maximumStay) rules.push("maximum_stay");
	if (first.closedOnArrival === 1) rules.push("closed_to_arrival");
	if (byDate.get(departure)?.closedOnDeparture === 1) rules.push("closed_to_departure");
	if (guests !== undefined && guests > listing.personCapacity) rules.push("over_capacity");
	return { nights, rules };
}
