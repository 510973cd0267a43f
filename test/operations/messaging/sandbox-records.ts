/**
 * The sandbox's records as the tests read them directly (bypassing the product), the
 * secrets that must never appear in any output, and an assertion that guest text is fenced.
 */
import { expect } from "vitest";
import { UNTRUSTED_TAG } from "../../../src/operations/untrusted";
import { sandboxGetAll } from "../../helpers/tools";

export interface SandboxListing {
	id: number;
	name: string;
	timeZoneName: string;
	currencyCode: string;
	checkInTimeStart: number;
	checkOutTime: number;
	doorSecurityCode: string | null;
	wifiUsername: string | null;
	wifiPassword: string | null;
	specialStatus: string | null;
}

export interface SandboxReservation {
	id: number;
	listingMapId: number;
	channelId: number;
	status: string;
	arrivalDate: string;
	departureDate: string;
	numberOfGuests: number;
	adults: number | null;
	children: number | null;
	checkInTime: number | null;
	checkOutTime: number | null;
	totalPrice: number;
	cleaningFee: number | null;
	taxAmount: number | null;
	currency: string;
	phone: string | null;
	guestName: string | null;
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

export const listings = () => sandboxGetAll<SandboxListing>("/listings");
export const reservations = () => sandboxGetAll<SandboxReservation>("/reservations");
export const conversations = () => sandboxGetAll<SandboxConversation>("/conversations");
export const messagesOf = (conversationId: number) => sandboxGetAll<SandboxMessage>(`/conversations/${conversationId}/messages`);

/** Door codes and Wi-Fi passwords of every listing: none may appear in any tool output. */
export function listingSecrets(all: readonly SandboxListing[]): string[] {
	return all
		.flatMap((listing) => [listing.doorSecurityCode, listing.wifiPassword])
		.filter((value): value is string => !!value && value.length >= 3);
}

export function expectNoSecrets(raw: string, secrets: readonly string[]): void {
	for (const secret of secrets) expect(raw, `output contains the secret ${secret}`).not.toContain(secret);
}

/** Milliseconds of a Hostaway datetime (UTC). */
export function hostawayMs(value: string): number {
	return Date.parse(`${value.replace(" ", "T")}Z`);
}

/** The phrase occurs in the text, and every occurrence sits inside an untrusted-text fence. */
export function expectFenced(text: string, phrase: string): void {
	const open = `<${UNTRUSTED_TAG}>`;
	const close = `</${UNTRUSTED_TAG}>`;
	let from = 0;
	let found = 0;
	for (;;) {
		const at = text.indexOf(phrase, from);
		if (at < 0) break;
		found++;
		const before = text.slice(0, at);
		expect(before.lastIndexOf(open), `"${phrase}" is outside a fence`).toBeGreaterThan(before.lastIndexOf(close));
		expect(text.indexOf(close, at), `"${phrase}" has no closing fence`).toBeGreaterThan(at);
		from = at + phrase.length;
	}
	expect(found, `"${phrase}" does not occur`).toBeGreaterThan(0);
}

/** Conversations the sandbox knows where the guest wrote after the host's last message. */
export function guestSpokeLast(conversation: SandboxConversation): boolean {
	return hostawayMs(conversation.messageReceivedOn) > hostawayMs(conversation.messageSentOn);
}
