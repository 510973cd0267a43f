/**
 * A guest writing to the host (control API, `POST /control/guest-messages`). Hostaway's API has
 * no call that creates an incoming message: they arrive from the booking channel or the guest's
 * e-mail. This appends one to a conversation as the channel would, shaped like the seeded
 * incoming messages (thread message id and Airbnb metadata on channel bookings, e-mail on
 * direct ones), and marks the conversation as received now and unread. The text is stored
 * exactly as given, so tests can check that a tool shows what the guest wrote.
 */
import type { SandboxAccount } from "../accounts";
import { AIRBNB, DIRECT, channelName } from "../domain/channels";
import { Random } from "../seed/random";
import { MESSAGE_TEMPLATE, type MessageRecord } from "../seed/templates";
import type { AccountStore } from "../store/account-store";
import { formatDateTime } from "../wire/datetime";
import type { GuestMessage } from "./schemas";

/** The message as the conversation now holds it, or null when the account has no such conversation. */
export function receiveGuestMessage(
	store: AccountStore,
	account: SandboxAccount,
	businessNowMs: number,
	request: Omit<GuestMessage, "accountId">,
): MessageRecord | null {
	const conversation = store.conversations.get(request.conversationId);
	if (!conversation) return null;
	const random = new Random(crypto.getRandomValues(new Uint32Array(1))[0] ?? 1);
	const reservation = store.reservations.get(conversation.reservationId);
	const listing = store.listings.get(conversation.listingMapId);
	const channelId = reservation?.channelId ?? DIRECT;
	const viaChannel = channelId !== DIRECT;
	const id = store.newId("message");
	const now = formatDateTime(businessNowMs);
	const message: MessageRecord = {
		...MESSAGE_TEMPLATE,
		id,
		accountId: Number(account.accountId),
		listingMapId: conversation.listingMapId,
		reservationId: conversation.reservationId,
		channelId,
		conversationId: conversation.id,
		channelThreadMessageId: viaChannel ? random.digits(11) : "",
		subject: request.subject ?? null,
		body: request.body,
		isIncoming: 1,
		isSeen: 0,
		originatedBy: "system",
		sentUsingHostaway: 0,
		hash: random.hex(32),
		listingTimeZoneName: listing?.timeZoneName ?? "UTC",
		communicationTimeDeltaSeconds: 0,
		status: "sent",
		date: now,
		messageSource: viaChannel ? (channelName(channelId) ?? "channel") : "email",
		communicationType: viaChannel ? "channel" : "email",
		isUniquePerCommunication: 1,
		retryCount: 0,
		insertedOn: now,
		updatedOn: now,
		AirbnbOfficialMessageMetadata:
			channelId === AIRBNB && reservation
				? {
						id: Number(random.digits(8)),
						conversationMessageId: id,
						airbnbUserId: Number(reservation.guestExternalAccountId),
						userName: reservation.guestFirstName,
						insertedOn: now,
						updatedOn: now,
						AirbnbOfficialAccount: null,
						role: null,
					}
				: null,
	};
	store.saveMessage(message);
	store.saveConversation({ ...conversation, messageReceivedOn: now, hasUnreadMessages: 1 });
	return message;
}
