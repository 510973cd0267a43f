/** What every seeded sandbox listing carries, whatever the account's size (seed.test.ts, large-portfolio.test.ts). */
import { expect } from "vitest";

export interface SeededListingFields {
	doorSecurityCode: string | null;
	wifiPassword: string;
	personCapacity: number;
	bedroomsNumber: number;
	cleaningFee: number;
	checkInTimeStart: number;
	listingAmenities: unknown[];
}

export function expectSeededListing(listing: SeededListingFields): void {
	expect(listing.doorSecurityCode).toMatch(/\d{4}/);
	expect(listing.wifiPassword.length).toBeGreaterThanOrEqual(10);
	expect(listing.personCapacity).toBeGreaterThan(0);
	expect(listing.bedroomsNumber).toBeGreaterThan(0);
	expect(listing.cleaningFee).toBeGreaterThan(0);
	expect(listing.checkInTimeStart).toBeGreaterThanOrEqual(12);
	expect(listing.listingAmenities.length).toBeGreaterThan(5);
}
