/**
 * What the bench's calls are about, read straight from the sandbox's Hostaway API (not through
 * the product, so nothing is cached before a measurement): listings, bookings, a conversation,
 * and free nights for a booking that the bench creates and cancels again.
 */
const DAY_MS = 86_400_000;

/** The sandbox's business date (SANDBOX_TODAY when pinned, as startWranglerDev passes it on), in UTC. */
export function businessToday() {
	const pinned = process.env.SANDBOX_TODAY?.trim();
	return pinned ? pinned : new Date().toISOString().slice(0, 10);
}

export function plusDays(date, days) {
	return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * @param {import("./server.mjs").BenchServer} server
 * @param {{ accountId: string, apiKey: string }} [account] the demo account when left out
 */
export async function readFixtures(server, account = undefined) {
	const today = businessToday();
	const listings = await server.direct("/listings?limit=100", account);
	const reservations = await server.direct(
		`/reservations?limit=500&arrivalStartDate=${plusDays(today, -20)}&arrivalEndDate=${plusDays(today, 60)}`,
		account,
	);
	const conversations = await server.direct("/conversations?limit=50", account);
	const listingIds = listings.map((listing) => listing.id);
	const bookings = reservations.filter((r) => r.status !== "cancelled");
	const conversation = conversations.find((c) => bookings.some((b) => b.id === c.reservationId)) ?? conversations[0];
	if (listingIds.length === 0 || bookings.length === 0 || !conversation)
		throw new Error(`account ${account?.accountId ?? "100001"} has no listings, bookings or conversations`);
	const booking = bookings.find((b) => b.id === conversation.reservationId) ?? bookings[0];
	return {
		today,
		listingId: listingIds[0],
		listingIds,
		bookingId: booking.id,
		bookingIds: bookings.map((b) => b.id),
		conversationId: conversation.id,
		conversationBookingId: conversation.reservationId,
		conversationBookingArrival: booking.arrivalDate,
		freeStay: await findFreeStay(server, listingIds, today, account),
	};
}

/** Three free nights about four months ahead on one of the listings, for create_booking. */
async function findFreeStay(server, listingIds, today, account) {
	const from = plusDays(today, 120);
	const to = plusDays(today, 180);
	for (const listingId of listingIds) {
		const days = await server.direct(`/listings/${listingId}/calendar?startDate=${from}&endDate=${to}`, account);
		for (let index = 0; index + 3 < days.length; index++) {
			const nights = days.slice(index, index + 4);
			if (nights.every((day) => day.isAvailable === 1 && (day.minimumStay ?? 1) <= 3)) {
				return { listingId, arrival: nights[0].date, departure: nights[3].date };
			}
		}
	}
	throw new Error(`no listing of account ${account?.accountId ?? "100001"} has three free nights between ${from} and ${to}`);
}
