/** Argument schemas for guest details and the party, shared by create_booking and update_booking. */
import { z } from "zod";

export const guestNameArgument = z
	.string()
	.trim()
	.min(1, { error: "guestName must not be empty" })
	.max(200)
	.describe("Full name, first name first");
export const guestEmailArgument = z.email({ error: "guestEmail must be an e-mail address" });
export const guestPhoneArgument = z
	.string()
	.trim()
	.regex(/^\+?[0-9 ()./-]{5,30}$/, { error: "guestPhone must be a phone number, e.g. +1 555 010 1234" })
	.describe("International format preferred");

const partyCount = (what: string, max: number) =>
	z.coerce
		.number({ error: `${what} must be a number` })
		.int({ error: `${what} must be a whole number` })
		.min(0, { error: `${what} must not be negative` })
		.max(max, { error: `${what} must be at most ${max}` });

export const adultsArgument = partyCount("adults", 50).min(1, { error: "adults must be at least 1" });
export const childrenArgument = partyCount("children", 50).describe("Count toward the listing's capacity");
export const infantsArgument = partyCount("infants", 20).describe("Do not count toward capacity");
export const petsArgument = partyCount("pets", 10);

export const priceArgument = z.coerce
	.number({ error: "totalPrice must be a number" })
	.positive({ error: "totalPrice must be positive" })
	.max(1_000_000, { error: "totalPrice must be at most 1,000,000" });
export const currencyArgument = z
	.string()
	.trim()
	.regex(/^[A-Za-z]{3}$/, { error: "currency must be a three-letter code such as USD or EUR" })
	.describe("Three-letter code; default the listing's currency");

export const allowOverbookingArgument = z
	.boolean()
	.default(false)
	.describe("Only when the user explicitly wants to double-book: write even if the dates overlap another booking or a host block");

/** Hostaway keeps first and last name apart; the first word is the first name. */
export function splitGuestName(name: string): { first: string; last: string | undefined } {
	const [first = name, ...rest] = name.trim().split(/\s+/);
	return { first, last: rest.length > 0 ? rest.join(" ") : undefined };
}
