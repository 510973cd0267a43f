/** Shared by the bookings tool tests: the sandbox's records as the tests read them, and the write log. */
import { control } from "../../sandbox/helpers";

export interface SandboxListing {
	id: number;
	name: string;
	internalListingName: string;
	timeZoneName: string;
	personCapacity: number;
	currencyCode: string;
	doorSecurityCode: string;
	wifiUsername: string;
	wifiPassword: string;
}

export interface SandboxReservation {
	id: number;
	listingMapId: number;
	listingName: string;
	channelId: number;
	status: string;
	guestName: string;
	guestFirstName: string | null;
	guestLastName: string | null;
	guestEmail: string | null;
	phone: string | null;
	guestCountry: string | null;
	guestCity: string | null;
	guestLocale: string | null;
	arrivalDate: string;
	departureDate: string;
	nights: number;
	numberOfGuests: number;
	adults: number;
	children: number;
	infants: number;
	pets: number;
	totalPrice: number;
	currency: string;
	cleaningFee: number;
	taxAmount: number;
	channelCommissionAmount: number | null;
	hostNote: string | null;
	guestNote: string | null;
	comment: string | null;
	doorCode: string;
	guestPortalUrl: string;
	reservationId: string;
	cancelledBy: string | null;
	isGuestIdentityVerified: number;
	reservationFees: { name: string; amount: number }[];
}

export interface SandboxDay {
	date: string;
	status: string;
	minimumStay: number;
	closedOnArrival: number | null;
	closedOnDeparture: number | null;
}

/** No secret of any listing or reservation appears in what the model saw. */
export function secretsIn(raw: string, listings: readonly SandboxListing[], reservations: readonly SandboxReservation[] = []): string[] {
	const found: string[] = [];
	for (const listing of listings) {
		for (const secret of [listing.doorSecurityCode, listing.wifiPassword]) if (secret && raw.includes(secret)) found.push(secret);
	}
	for (const reservation of reservations) if (raw.includes(reservation.guestPortalUrl)) found.push(reservation.guestPortalUrl);
	for (const field of ["doorCode", "doorSecurityCode", "wifiPassword", "guestPortalUrl", "guestAuthHash", "ccNumber", "cvc"]) {
		if (raw.includes(`"${field}"`) || raw.includes(`\\"${field}\\"`)) found.push(field);
	}
	return found;
}

export function unfenced(text: string | null | undefined): string {
	return (text ?? "").replace(/<\/?untrusted_guest_text>/g, "");
}

/** Requests that change data (anything but reads, price quotes and tokens) the sandbox answered since `sinceIso`. */
export async function writesSince(sinceIso: string): Promise<{ method: string; path: string; query: Record<string, string> }[]> {
	const { body } = await control("GET", "/log?limit=1000");
	const entries = body as { method: string; path: string; query: Record<string, string>; at: string }[];
	return entries.filter(
		(e) => e.at >= sinceIso && e.method !== "GET" && !e.path.endsWith("/priceDetails") && !e.path.endsWith("/accessTokens"),
	);
}
