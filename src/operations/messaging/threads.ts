/**
 * Finding a guest thread: by booking id (the booking's conversations,
 * `GET /reservations/{id}/conversations`) or by conversation id, plus the booking it
 * belongs to. Shared by get_message_history and send_guest_message; the inbox describes
 * each thread's booking with the same threadContext.
 */
import { z } from "zod";
import type { Conversation, HostawayClient, Listing, Reservation } from "../../hostaway";
import { OperationError } from "../errors";
import { bookingIdArgument, conversationIdArgument } from "../shared/arguments";
import { guestDisplayName } from "../shared/bookings";
import { channelLabel } from "../shared/channels";
import { listingName } from "../shared/listings";
import { fenceUntrusted, SHORT_GUEST_TEXT } from "../untrusted";
import { parseHostawayTime } from "./times";

/** The two ways to name a thread; exactly one must be given (checked by requireOneThread). */
export const threadArguments = {
	bookingId: bookingIdArgument.optional().describe("Hostaway reservation id; the tool finds the booking's conversation"),
	conversationId: conversationIdArgument.optional(),
};

export type ThreadSelector = { bookingId: number; conversationId?: undefined } | { conversationId: number; bookingId?: undefined };

/** Rejects "neither" and "both" before anything is sent to Hostaway. */
export function requireOneThread(input: { bookingId?: number; conversationId?: number }, tool: string): ThreadSelector {
	if (input.bookingId !== undefined && input.conversationId !== undefined) {
		throw new OperationError("invalid_input", `${tool}: give either bookingId or conversationId, not both.`);
	}
	if (input.bookingId !== undefined) return { bookingId: input.bookingId };
	if (input.conversationId !== undefined) return { conversationId: input.conversationId };
	throw new OperationError(
		"invalid_input",
		`${tool}: give bookingId (the Hostaway reservation id) or conversationId (from list_conversations).`,
	);
}

export interface ResolvedThread {
	conversation: Conversation;
	/** The booking, when the thread has one Hostaway could return. */
	reservation: Reservation | null;
	/** Other conversations of the same booking (rare), most recent first. */
	otherConversationIds: number[];
}

function lastActivity(conversation: Conversation): number {
	return Math.max(parseHostawayTime(conversation.messageSentOn) ?? 0, parseHostawayTime(conversation.messageReceivedOn) ?? 0);
}

/** The booking's conversation (the most recently active one if it has several). */
export async function conversationOfBooking(
	client: HostawayClient,
	bookingId: number,
): Promise<{ conversation: Conversation; others: Conversation[] }> {
	const { items } = await client.listReservationConversations(bookingId);
	if (items.length === 0) {
		throw new OperationError(
			"not_found",
			`Booking ${bookingId} has no conversation in Hostaway, so there is no thread to read or send in. Hostaway opens one ` +
				"when the guest writes or a message is sent from Hostaway or the channel; until then contact the guest another way " +
				"(the Hostaway dashboard or the booking channel). Check the booking id with get_booking if unsure.",
		);
	}
	const [conversation, ...others] = [...items].sort((a, b) => lastActivity(b) - lastActivity(a) || b.id - a.id);
	return { conversation: conversation as Conversation, others };
}

export async function resolveThread(client: HostawayClient, selector: ThreadSelector): Promise<ResolvedThread> {
	let conversation: Conversation;
	let others: Conversation[] = [];
	if (selector.bookingId !== undefined) {
		({ conversation, others } = await conversationOfBooking(client, selector.bookingId));
	} else {
		conversation = await client.getConversation(selector.conversationId, { includeResources: true });
	}
	let reservation = conversation.Reservation;
	const bookingId = conversation.reservationId ?? selector.bookingId ?? null;
	if (!reservation && bookingId !== null) reservation = await client.getReservation(bookingId);
	return { conversation, reservation: reservation ?? null, otherConversationIds: others.map((other) => other.id) };
}

export const threadContextSchema = z.object({
	conversationId: z.number().int(),
	bookingId: z.number().int().nullable(),
	guestName: z.string().nullable().describe("Untrusted guest text, fenced"),
	listingId: z.number().int().nullable(),
	listingName: z.string().nullable(),
	arrival: z.string().nullable(),
	departure: z.string().nullable(),
	bookingStatus: z.string().nullable(),
	bookingChannel: z.string().nullable(),
});
export type ThreadContext = z.infer<typeof threadContextSchema>;

/**
 * Who and what a thread is about. The guest's name comes from the booking, else from the
 * thread's recipient; the listing's name from the portfolio, else from the booking.
 */
export function threadContext(
	{ conversation, reservation }: Pick<ResolvedThread, "conversation" | "reservation">,
	listingsById: ReadonlyMap<number, Listing>,
): ThreadContext {
	const listingId = conversation.listingMapId ?? reservation?.listingMapId ?? null;
	const listing = listingId !== null ? listingsById.get(listingId) : undefined;
	return {
		conversationId: conversation.id,
		bookingId: conversation.reservationId ?? reservation?.id ?? null,
		guestName: fenceUntrusted((reservation ? guestDisplayName(reservation) : null) || conversation.recipientName || null, SHORT_GUEST_TEXT),
		listingId,
		listingName: listing ? listingName(listing) : reservation?.listingName || null,
		arrival: reservation?.arrivalDate ?? null,
		departure: reservation?.departureDate ?? null,
		bookingStatus: reservation?.status ?? null,
		bookingChannel: reservation ? channelLabel(reservation.channelId, reservation.channelName) : null,
	};
}

/** "conversation 52000123 · booking #41000045 · <guest> · Listing · 2026-07-24 → 2026-07-28 (new via Airbnb)" */
export function threadContextLine(context: ThreadContext): string {
	const booking = context.bookingId !== null ? `booking #${context.bookingId}` : "no booking";
	const stay = context.arrival ? `${context.arrival} → ${context.departure}` : "no dates";
	return `conversation ${context.conversationId} · ${booking} · ${context.guestName ?? "(no name)"} · ${context.listingName ?? `listing ${context.listingId}`} · ${stay} (${context.bookingStatus ?? "?"} via ${context.bookingChannel ?? "?"})`;
}
