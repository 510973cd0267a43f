/**
 * The sandbox's records as tests read them directly, through its Hostaway API with a token of
 * their own (never through the product), to compute what a tool should answer independently
 * of the tool. Field names are Hostaway's; only the fields tests use are typed.
 */
import { api, type ApiResult, DEMO, type SandboxCredentials, usableToken, viaFetch } from "./sandbox";

export interface SandboxListing {
	id: number;
	name: string;
	internalListingName: string;
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
	specialStatus: string | null;
	doorSecurityCode: string | null;
	wifiUsername: string | null;
	wifiPassword: string | null;
	airbnbListingUrl: string;
	vrboListingUrl: string;
	googleVrListingUrl: string;
	expediaListingUrl: string;
	listingAmenities: { amenityName: string }[];
	listingFeeSetting: { feeTitle: string; amount: number }[];
}

export interface SandboxReservation {
	id: number;
	listingMapId: number;
	listingName: string;
	channelId: number;
	status: string;
	guestName: string | null;
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
	adults: number | null;
	children: number | null;
	infants: number | null;
	pets: number | null;
	checkInTime: number | null;
	checkOutTime: number | null;
	totalPrice: number;
	currency: string;
	cleaningFee: number | null;
	taxAmount: number | null;
	channelCommissionAmount: number | null;
	hostNote: string | null;
	guestNote: string | null;
	comment: string | null;
	doorCode: string | null;
	guestPortalUrl: string | null;
	reservationId: string;
	cancelledBy: string | null;
	isGuestIdentityVerified: number;
	reservationFees: { name: string; amount: number }[];
}

/** One calendar day; `reservations` only when read with includeResources=1. */
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

export interface SandboxConversation {
	id: number;
	listingMapId: number;
	reservationId: number;
	hasUnreadMessages: number;
	messageSentOn: string;
	messageReceivedOn: string;
}

export interface SandboxMessage {
	id: number;
	conversationId: number;
	body: string;
	isIncoming: number;
	communicationType: string;
	status: string;
	date: string;
}

const tokens = new Map<string, Promise<string>>();

/** Calls the sandbox's API with the account's token; a token the sandbox refuses ("Unauthorized: …", as after a test revoked the account's tokens) is replaced once. */
async function asAccount(account: SandboxCredentials, call: (token: string) => Promise<ApiResult>): Promise<ApiResult> {
	for (let attempt = 1; ; attempt++) {
		let token = tokens.get(account.accountId);
		if (!token) {
			token = usableToken(viaFetch, account);
			tokens.set(account.accountId, token);
		}
		const answer = await call(await token);
		const tokenRefused =
			answer.status === 403 && String((answer.body as { result?: unknown } | undefined)?.result).startsWith("Unauthorized");
		if (!tokenRefused || attempt === 2) return answer;
		if (tokens.get(account.accountId) === token) tokens.delete(account.accountId);
	}
}

/** GET from the sandbox's Hostaway API as an account (the demo account by default). */
export async function sandboxGet<T = unknown>(path: string, account: SandboxCredentials = DEMO): Promise<T> {
	const { status, body } = await asAccount(account, (token) => api(viaFetch, token, "GET", path));
	if (status !== 200) throw new Error(`sandbox GET ${path} answered ${status}`);
	return (body as { result: T }).result;
}

/**
 * A write to the sandbox's Hostaway API as an account (the demo account by default), for
 * tests that make the situation they need (a calendar day closed, freed or priced) before
 * checking a tool against it. Answers the `result`; a non-200 answer fails the test.
 */
export async function sandboxWrite<T = unknown>(
	method: "POST" | "PUT" | "DELETE",
	path: string,
	body: unknown,
	account: SandboxCredentials = DEMO,
): Promise<T> {
	const { status, body: answer } = await asAccount(account, (token) => api(viaFetch, token, method, path, body));
	if (status !== 200) throw new Error(`sandbox ${method} ${path} answered ${status}: ${JSON.stringify(answer)}`);
	return (answer as { result: T }).result;
}

/** Every record of a sandbox list endpoint, paged through. */
export async function sandboxGetAll<T = unknown>(path: string, account: SandboxCredentials = DEMO): Promise<T[]> {
	const all: T[] = [];
	const separator = path.includes("?") ? "&" : "?";
	for (let offset = 0; ; offset += 100) {
		const page = await sandboxGet<T[]>(`${path}${separator}limit=100&offset=${offset}`, account);
		all.push(...page);
		if (page.length < 100) return all;
	}
}

export const sandboxListings = (account: SandboxCredentials = DEMO) => sandboxGetAll<SandboxListing>("/listings", account);
export const sandboxReservations = (account: SandboxCredentials = DEMO) => sandboxGetAll<SandboxReservation>("/reservations", account);
export const sandboxConversations = (account: SandboxCredentials = DEMO) => sandboxGetAll<SandboxConversation>("/conversations", account);
export const sandboxMessages = (conversationId: number, account: SandboxCredentials = DEMO) =>
	sandboxGetAll<SandboxMessage>(`/conversations/${conversationId}/messages`, account);

/** Days from `start` through `end` (inclusive), with the reservations occupying each night. */
export function sandboxCalendar(listingId: number, start: string, end: string, account: SandboxCredentials = DEMO): Promise<SandboxDay[]> {
	return sandboxGet<SandboxDay[]>(`/listings/${listingId}/calendar?startDate=${start}&endDate=${end}&includeResources=1`, account);
}

/** Hostaway's (the sandbox's) price quote for a stay, asked directly. */
export async function sandboxQuote(listingId: number, arrival: string, departure: string, guests: number): Promise<{ totalPrice: number }> {
	let token = tokens.get(DEMO.accountId);
	if (!token) {
		token = usableToken(viaFetch, DEMO);
		tokens.set(DEMO.accountId, token);
	}
	const { status, body } = await api(viaFetch, await token, "POST", `/listings/${listingId}/calendar/priceDetails`, {
		startingDate: arrival,
		endingDate: departure,
		numberOfGuests: guests,
		version: 2,
	});
	if (status !== 200) throw new Error(`sandbox quote answered ${status}`);
	return body.result;
}

/** Milliseconds of a Hostaway datetime (`YYYY-MM-DD HH:MM:SS`, UTC). */
export function hostawayMs(value: string): number {
	return Date.parse(`${value.replace(" ", "T")}Z`);
}

/** Whether the guest wrote after the host's last message in a conversation. */
export function guestSpokeLast(conversation: SandboxConversation): boolean {
	return hostawayMs(conversation.messageReceivedOn) > hostawayMs(conversation.messageSentOn);
}

/**
 * The zone most of these listings use, ties broken alphabetically: the portfolio's main time
 * zone of the "today" rule (src/operations/shared/today.ts), restated from the data.
 */
export function mainTimeZoneOf(listings: readonly Pick<SandboxListing, "timeZoneName">[]): string {
	const counts = new Map<string, number>();
	for (const listing of listings) counts.set(listing.timeZoneName, (counts.get(listing.timeZoneName) ?? 0) + 1);
	const top = Math.max(...counts.values());
	return [...counts]
		.filter(([, count]) => count === top)
		.map(([name]) => name)
		.sort()[0] as string;
}
