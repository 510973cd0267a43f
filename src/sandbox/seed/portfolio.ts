/**
 * An account's whole seeded portfolio, generated relative to today (UTC): the same account and
 * day always give the same data.
 */
import type { SandboxAccount } from "../accounts";
import { seedCalendar, type CalendarOverrides } from "./calendar";
import { SeedContext } from "./context";
import { seedConversations } from "./conversations";
import { seedListing } from "./listings";
import { seedReservations } from "./reservations";
import type { ConversationRecord, ListingRecord, MessageRecord, ReservationRecord } from "./templates";

export interface Portfolio {
	listings: ListingRecord[];
	reservations: ReservationRecord[];
	conversations: ConversationRecord[];
	messages: MessageRecord[];
	calendar: CalendarOverrides;
}

export function generatePortfolio(account: SandboxAccount, today: number): Portfolio {
	const ctx = new SeedContext(account, today);
	const listings = account.properties.map((plan, index) => seedListing(ctx, plan, index));
	const reservations = seedReservations(ctx, listings);
	const { conversations, messages } = seedConversations(ctx, listings, reservations);
	const calendar = seedCalendar(ctx, listings, reservations);
	return { listings, reservations, conversations, messages, calendar };
}
