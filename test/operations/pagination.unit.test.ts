import { describe, expect, it } from "vitest";
import { countWithinBudget, decodeAfterIdCursor, decodeCursor, encodeAfterIdCursor, encodeCursor } from "../../src/operations/pagination";

describe("cursors", () => {
	it("round-trip the offset for the same filters", () => {
		const filters = { city: "Lisbon", guests: 4 };
		expect(decodeCursor(encodeCursor(50, filters), { guests: 4, city: "Lisbon" })).toBe(50);
		expect(decodeCursor(undefined, filters)).toBe(0);
	});

	it("refuse a cursor from another search or a mangled one, with a clear message", () => {
		const cursor = encodeCursor(50, { city: "Lisbon" });
		expect(() => decodeCursor(cursor, { city: "Porto" })).toThrow(/different filters/);
		expect(() => decodeCursor("not-a-cursor", {})).toThrow(/cursor is not valid/);
	});
});

describe("afterId cursors (reservations)", () => {
	it("round-trip the position for the same filters", () => {
		const filters = { listingId: 7, sortOrder: "arrivalDate" };
		expect(decodeAfterIdCursor(encodeAfterIdCursor({ afterId: 123, seen: 40 }, filters), { ...filters })).toEqual({
			afterId: 123,
			seen: 40,
		});
		expect(decodeAfterIdCursor(undefined, filters)).toBeUndefined();
		expect(decodeAfterIdCursor("", filters)).toBeUndefined();
	});

	it("refuse a cursor from another search, a mangled one, and an offset cursor from before afterId paging", () => {
		const filters = { listingId: 7 };
		expect(() => decodeAfterIdCursor(encodeAfterIdCursor({ afterId: 1, seen: 1 }, { listingId: 8 }), filters)).toThrow(/different filters/);
		expect(() => decodeAfterIdCursor("not-a-cursor", filters)).toThrow(/cursor is not valid/);
		expect(() => decodeAfterIdCursor(encodeCursor(40, filters), filters)).toThrow(/earlier version.*without cursor/);
		// An offset cursor of another search is refused for its filters, as any other.
		expect(() => decodeAfterIdCursor(encodeCursor(40, { listingId: 8 }), filters)).toThrow(/different filters/);
		// And an afterId cursor is no offset cursor.
		expect(() => decodeCursor(encodeAfterIdCursor({ afterId: 1, seen: 1 }, filters), filters)).toThrow(/cursor is not valid/);
	});
});

describe("countWithinBudget", () => {
	it("keeps rows while they fit and always returns at least one", () => {
		const rows = Array.from({ length: 10 }, (_, i) => ({ i, text: "x".repeat(100) }));
		const n = countWithinBudget(rows, 500);
		expect(n).toBeGreaterThan(1);
		expect(n).toBeLessThan(10);
		expect(JSON.stringify(rows.slice(0, n)).length).toBeLessThanOrEqual(500 + n);
		expect(countWithinBudget([{ big: "y".repeat(1000) }], 10)).toBe(1);
		expect(countWithinBudget(rows, 1_000_000)).toBe(10);
	});
});
