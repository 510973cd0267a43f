/** Shared by the bookings tool tests: the sandbox's records as the tests read them, pacing, and the write log. */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect } from "vitest";
import { callTool, type ToolResult } from "../../helpers/tools";
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

/**
 * Lets the product's own rate budget (14 upstream requests per 10 s per account) refill
 * between groups of tool calls; these tests are not about rate limits.
 */
export function letRateBudgetRefill(): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, 10_500));
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

/**
 * Calls a tool; when the product's own rate budget is used up (other calls of this file used
 * it), waits for it to refill and calls again. A refused call was never sent, so this is safe
 * for confirmations too.
 */
export async function callWithBudget<T = Record<string, unknown>>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolResult<T>> {
	for (let attempt = 1; ; attempt++) {
		const result = await callTool<T>(client, name, args);
		if (!(result.isError && /request budget is used up/.test(result.text) && attempt < 4)) return result;
		await letRateBudgetRefill();
	}
}

/** callWithBudget, failing the test with the tool's own message when it errs. */
export async function callPatiently<T = Record<string, unknown>>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<ToolResult<T>> {
	const result = await callWithBudget<T>(client, name, args);
	if (result.isError) expect.fail(`${name} failed: ${result.text}`);
	return result;
}

/** Requests that change data (anything but reads, price quotes and tokens) the sandbox answered since `sinceIso`. */
export async function writesSince(sinceIso: string): Promise<{ method: string; path: string; query: Record<string, string> }[]> {
	const { body } = await control("GET", "/log?limit=1000");
	const entries = body as { method: string; path: string; query: Record<string, string>; at: string }[];
	return entries.filter((e) => e.at >= sinceIso && e.method !== "GET" && !e.path.endsWith("/priceDetails") && !e.path.endsWith("/accessTokens"));
}
