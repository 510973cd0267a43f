/** Which of Hostaway's counters each request counts against (hostaway-api.md §3). */
import { describe, expect, it } from "vitest";
import { rateCounterOf } from "../../src/hostaway/rate-counters";

describe("rateCounterOf", () => {
	it("puts the three endpoints with a limit of their own on their own counter", () => {
		expect(rateCounterOf("POST", "/conversations/42/messages")).toBe("messages");
		expect(rateCounterOf("POST", "/listings/7/calendar/priceDetails")).toBe("priceQuotes");
		expect(rateCounterOf("POST", "/reservations")).toBe("reservationCreates");
		expect(rateCounterOf("post", "/reservations")).toBe("reservationCreates");
	});

	it("puts everything else on the general counter, reads of the same paths included", () => {
		for (const [method, path] of [
			["GET", "/conversations/42/messages"],
			["GET", "/reservations"],
			["PUT", "/reservations/9"],
			["POST", "/reservations/9"],
			["PUT", "/reservations/9/statuses/cancelled"],
			["GET", "/listings/7/calendar"],
			["POST", "/accessTokens"],
			["GET", "/listings"],
		]) {
			expect(rateCounterOf(method as string, path as string), `${method} ${path}`).toBe("general");
		}
	});
});
