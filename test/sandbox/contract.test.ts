/**
 * Contract: the sandbox speaks Hostaway's wire format as captured from the real API. Every
 * record's keys (in order) and JSON value types match the anonymized captures in test/fixtures,
 * envelopes have each endpoint's observed keys, ids have the observed types.
 */
import { beforeAll, describe, expect, it } from "vitest";
import conversationsPage from "../fixtures/hostaway_conversations_page_0.json";
import listingsPage from "../fixtures/hostaway_listings_page_0.json";
import messagesPage from "../fixtures/hostaway_messages_page_0.json";
import reservationsPage from "../fixtures/hostaway_reservations_page_0.json";
import reservationsAll from "../fixtures/hostaway_reservations_paginated.json";
import { DEMO, TRANSPORTS, api, freshSandbox, usableToken, viaFetch } from "../helpers/sandbox";
import { shapeProblems } from "./wire-shape";

type JsonRecord = Record<string, unknown>;
const capturedListings = listingsPage.result as unknown as JsonRecord[];
const capturedReservations = [...reservationsPage.result, ...reservationsAll] as unknown as JsonRecord[];
const capturedConversations = conversationsPage.result as unknown as JsonRecord[];
const capturedMessages = capturedConversations.flatMap((conversation) => conversation.conversationMessages as JsonRecord[]);
// The embedded Reservation has a reservation's keys; its value types are those of both captures.
const capturedEmbedded = [...capturedConversations.map((conversation) => conversation.Reservation as JsonRecord), ...capturedReservations];
const withoutReservation = ({ Reservation: _reservation, ...rest }: JsonRecord) => rest;

let token: string;
beforeAll(async () => {
	await freshSandbox();
	token = await usableToken(viaFetch, DEMO);
});

describe.each(TRANSPORTS)("wire contract over the %s", (_name, fetcher) => {
	it("lists listings in the listings envelope (status, result, count, limit, offset), records shaped as captured", async () => {
		const { status, body } = await api(fetcher, token, "GET", "/listings?limit=100");
		expect(status).toBe(200);
		expect(Object.keys(body)).toEqual(Object.keys(listingsPage));
		expect(body).toMatchObject({ status: "success", limit: 100, offset: 0 });
		expect(body.count).toBe(body.result.length);
		const problems = body.result.flatMap((listing: JsonRecord, index: number) =>
			shapeProblems(listing, capturedListings, `listings[${index}]`),
		);
		expect(problems).toEqual([]);
	});

	it("returns one listing as {status, result} with the captured record shape", async () => {
		const list = await api(fetcher, token, "GET", "/listings?limit=1");
		const { status, body } = await api(fetcher, token, "GET", `/listings/${list.body.result[0].id}`);
		expect(status).toBe(200);
		expect(Object.keys(body)).toEqual(["status", "result"]);
		expect(shapeProblems(body.result, capturedListings, "listing")).toEqual([]);
	});

	it("lists reservations in the reservations envelope, every record shaped as captured", async () => {
		const { status, body } = await api(fetcher, token, "GET", "/reservations?limit=1000");
		expect(status).toBe(200);
		expect(Object.keys(body)).toEqual(Object.keys(reservationsPage));
		expect(body.result.length).toBe(body.count);
		const problems = body.result.flatMap((reservation: JsonRecord, index: number) =>
			shapeProblems(reservation, capturedReservations, `reservations[${index}]`),
		);
		expect(problems.slice(0, 10)).toEqual([]);
	});

	it("carries hostawayReservationId as a string equal to the int id, and 0/1 integers for flags", async () => {
		const { body } = await api(fetcher, token, "GET", "/reservations?limit=50");
		for (const reservation of body.result) {
			expect(typeof reservation.id).toBe("number");
			expect(reservation.hostawayReservationId).toBe(String(reservation.id));
			expect(reservation.channelReservationId).toBe(reservation.reservationId);
			for (const flag of ["isProcessed", "isInitial", "isManuallyChecked", "isInstantBooked", "isStarred", "isArchived", "isPinned"]) {
				expect([0, 1]).toContain(reservation[flag]);
			}
			expect(reservation.reservationDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
			expect(reservation.updatedOn).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
			expect(reservation.arrivalDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		}
	});

	it("lists conversations in the seven-key envelope, with the capital-R Reservation and the latest message embedded", async () => {
		const { status, body } = await api(fetcher, token, "GET", "/conversations?limit=200");
		expect(status).toBe(200);
		expect(Object.keys(body)).toEqual(Object.keys(conversationsPage));
		expect(body).toMatchObject({ limit: 200, offset: 0, page: 1, totalPages: 1 });
		const problems = body.result.flatMap((conversation: JsonRecord, index: number) =>
			shapeProblems(withoutReservation(conversation), capturedConversations.map(withoutReservation), `conversations[${index}]`),
		);
		expect(problems.slice(0, 10)).toEqual([]);
		for (const conversation of body.result) {
			expect(conversation).not.toHaveProperty("reservation");
			expect(conversation.conversationMessages).toHaveLength(1);
			expect(typeof conversation.reservationId).toBe("number");
			expect(conversation.Reservation.id).toBe(conversation.reservationId);
			expect(conversation.Reservation).toMatchObject({
				listingName: "",
				source: "reservation",
				hostProxyEmail: null,
				guestPortalUrl: null,
			});
			expect(Object.keys(conversation).slice(-2)).toEqual(["conversationMessages", "Reservation"]);
			expect(shapeProblems(conversation.Reservation, capturedEmbedded, `Reservation of ${conversation.id}`)).toEqual([]);
		}
	});

	it("lists messages in the seven-key envelope, each shaped like a captured message", async () => {
		const conversations = await api(fetcher, token, "GET", "/conversations?limit=5");
		for (const conversation of conversations.body.result) {
			const { status, body } = await api(fetcher, token, "GET", `/conversations/${conversation.id}/messages`);
			expect(status).toBe(200);
			expect(Object.keys(body)).toEqual(Object.keys(messagesPage));
			const problems = body.result.flatMap((message: JsonRecord, index: number) =>
				shapeProblems(message, capturedMessages, `messages[${index}]`),
			);
			expect(problems).toEqual([]);
			for (const message of body.result) {
				expect(message).toMatchObject({ Reservation: null, ListingMap: null, Conversation: null });
				expect(message.reservationId).toBe(conversation.reservationId);
			}
		}
	});

	it("answers past the last page with an empty result and the count unchanged (as captured)", async () => {
		const conversations = await api(fetcher, token, "GET", "/conversations?limit=1");
		const id = conversations.body.result[0].id;
		const { body } = await api(fetcher, token, "GET", `/conversations/${id}/messages?limit=100&offset=100`);
		expect(body.result).toEqual([]);
		expect(body.offset).toBe(100);
		expect(body.page).toBe(2);
		expect(body.count).toBeGreaterThan(0);
		expect(body.totalPages).toBe(1);
	});

	it("honours the undocumented 0-based page parameter on conversations as captured (page=1 → offset=limit, page 2)", async () => {
		const { body } = await api(fetcher, token, "GET", "/conversations?limit=10&page=1");
		expect(body).toMatchObject({ limit: 10, offset: 10, page: 2 });
	});

	it("answers failures as {status: fail, result: <message>} and unknown ids with 404", async () => {
		for (const path of [
			"/listings/1",
			"/reservations/1",
			"/conversations/1",
			"/conversations/1/messages",
			"/listings/1/calendar",
			"/listings/abc",
		]) {
			const { status, body } = await api(fetcher, token, "GET", path);
			expect(status, path).toBe(404);
			expect(Object.keys(body)).toEqual(["status", "result"]);
			expect(body.status).toBe("fail");
			expect(typeof body.result).toBe("string");
		}
	});

	it("ignores unknown query parameters", async () => {
		const plain = await api(fetcher, token, "GET", "/listings?limit=3");
		const noisy = await api(fetcher, token, "GET", "/listings?limit=3&status=new&foo=bar&includeEverything=1");
		expect(noisy.status).toBe(200);
		expect(noisy.body).toEqual(plain.body);
	});

	it("names the parameter when a documented one is malformed", async () => {
		const { status, body } = await api(fetcher, token, "GET", "/reservations?arrivalStartDate=tomorrow");
		expect(status).toBe(400);
		expect(body.result).toContain("arrivalStartDate");
	});
});
