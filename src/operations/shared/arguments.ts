/** Argument schemas shared by many operations, so every tool describes ids the same way. */
import { z } from "zod";

/** Models often send ids as strings; both "123" and 123 are accepted. */
const positiveId = (what: string) =>
	z.coerce
		.number({ error: `${what} must be a number` })
		.int({ error: `${what} must be a whole number` })
		.positive({ error: `${what} must be positive` });

export const listingIdArgument = positiveId("listingId").describe("From list_listings");
export const bookingIdArgument = positiveId("bookingId").describe("Hostaway reservation id (search_bookings), not the channel's code");
export const conversationIdArgument = positiveId("conversationId").describe("From list_conversations");

export const guestCountArgument = z.coerce
	.number({ error: "guests must be a number" })
	.int()
	.min(1, { error: "guests must be at least 1" })
	.max(50, { error: "guests must be at most 50" })
	.describe("Adults + children (infants do not count)");

export const limitArgument = (defaultLimit: number, max: number) =>
	z.coerce
		.number()
		.int()
		.min(1)
		.max(max, { error: `limit must be at most ${max}` })
		.default(defaultLimit)
		.describe("Rows per page");
