/** Friendly inputs for conversations and messages (hostaway-api.md §4.5). */
import { HostawayInvalidRequestError } from "../errors";
import { COMMUNICATION_TYPES, type CommunicationType } from "../schemas/conversation";
import type { QueryValue } from "../transport";

export interface ListConversationsInput {
	reservationId?: number;
	limit?: number;
	offset?: number;
	includeResources?: boolean;
}

export function conversationsQuery(input: ListConversationsInput): Record<string, QueryValue> {
	return {
		reservationId: input.reservationId,
		limit: input.limit,
		offset: input.offset,
		includeResources: input.includeResources,
	};
}

export interface ListMessagesInput {
	limit?: number;
	offset?: number;
	/** Without it Hostaway returns only messages already sent. */
	includeScheduledMessages?: boolean;
}

export function messagesQuery(input: ListMessagesInput): Record<string, QueryValue> {
	return { limit: input.limit, offset: input.offset, includeScheduledMessages: input.includeScheduledMessages };
}

export interface NewMessage {
	body: string;
	/** `email` (Hostaway's default), `channel` (inside the Airbnb/Booking.com thread), `sms`, `whatsapp`. */
	communicationType?: CommunicationType;
}

export function messageBody(message: NewMessage) {
	if (typeof message.body !== "string" || message.body.trim() === "") {
		throw new HostawayInvalidRequestError("A message needs a non-empty body.");
	}
	const communicationType = message.communicationType ?? "email";
	if (!COMMUNICATION_TYPES.includes(communicationType)) {
		throw new HostawayInvalidRequestError(`communicationType must be one of ${COMMUNICATION_TYPES.join(", ")}.`);
	}
	return { body: message.body, communicationType };
}
