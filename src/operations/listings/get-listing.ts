/**
 * get_listing: one listing, curated for answering guests and planning stays. Only named,
 * safe fields are copied: never the door code, Wi-Fi credentials or contact secrets, and long
 * texts are shortened so the result stays small.
 */
import { z } from "zod";
import type { Listing } from "../../hostaway";
import { listingIdArgument } from "../shared/arguments";
import { formatHour, listingName } from "../shared/listings";
import { defineOperation } from "../operation";

const DESCRIPTION_CHARS = 600;
const HOUSE_RULES_CHARS = 2_000;
const MAX_AMENITIES = 80;

const output = z.object({
	id: z.number().int(),
	name: z.string(),
	description: z.string().nullable().describe(`The listing description, shortened to ${DESCRIPTION_CHARS} characters`),
	roomType: z.string().nullable(),
	timeZone: z.string().nullable(),
	address: z.object({
		publicAddress: z.string().nullable().describe("The address shown to guests before booking"),
		street: z.string().nullable(),
		city: z.string().nullable(),
		state: z.string().nullable(),
		zipcode: z.string().nullable(),
		country: z.string().nullable(),
		countryCode: z.string().nullable(),
	}),
	capacity: z.object({
		maxGuests: z.number().int().nullable(),
		guestsIncluded: z.number().int().nullable().describe("Guests covered by the base price"),
		bedrooms: z.number().int().nullable(),
		beds: z.number().int().nullable(),
		bathrooms: z.number().nullable(),
		maxChildren: z.number().int().nullable(),
		maxInfants: z.number().int().nullable(),
		maxPets: z.number().int().nullable(),
		squareMeters: z.number().nullable(),
	}),
	houseRules: z.string().nullable(),
	amenities: z.array(z.string()).describe("Amenity names"),
	fees: z.object({
		currency: z.string().nullable(),
		basePrice: z.number().nullable().describe("Base nightly price (the calendar may differ per night)"),
		cleaningFee: z.number().nullable(),
		extraPersonPrice: z.number().nullable().describe("Per extra guest per night, above guestsIncluded"),
		damageDeposit: z.number().nullable().describe("Refundable damage deposit"),
		taxes: z.array(z.object({ name: z.string(), amount: z.number(), unit: z.string() })),
		weeklyDiscountPercent: z.number().nullable().describe("Discount for stays of 7+ nights, in percent"),
		monthlyDiscountPercent: z.number().nullable().describe("Discount for stays of 28+ nights, in percent"),
		otherFees: z.array(z.object({ title: z.string(), amount: z.number().nullable(), appliedPer: z.string().nullable() })),
	}),
	cancellationPolicy: z.string().nullable(),
	checkIn: z.object({
		from: z.number().int().nullable().describe("Earliest check-in hour, listing-local (0-23)"),
		until: z.number().int().nullable().describe("Latest check-in hour, listing-local (0-23)"),
		checkOutBy: z.number().int().nullable().describe("Check-out hour, listing-local (0-23)"),
	}),
	stayLimits: z.object({ minNights: z.number().int().nullable(), maxNights: z.number().int().nullable() }),
	instantBookable: z.boolean().nullable(),
	channelLinks: z.object({
		airbnb: z.string().nullable(),
		vrbo: z.string().nullable(),
		google: z.string().nullable(),
		expedia: z.string().nullable(),
	}),
	archived: z.boolean(),
});

type ListingDetail = z.input<typeof output>;

function shorten(text: string | null | undefined, max: number): string | null {
	if (!text) return null;
	const trimmed = text.trim();
	return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1).trimEnd()}…`;
}

/** A numeric field the client schema does not name (it passes through as sent). */
function extraNumber(listing: Listing, key: string): number | null {
	const value = (listing as Record<string, unknown>)[key];
	const parsed = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
	return typeof parsed === "number" && Number.isFinite(parsed) ? parsed : null;
}

/**
 * Hostaway stores weekly/monthly discounts as multipliers of the rent (0.9 = 10 % off); a value
 * above 1 is read as a percentage already. 0 and 1 mean no discount.
 */
export function discountPercent(value: number | null | undefined): number | null {
	if (value === null || value === undefined || value <= 0 || value === 1) return null;
	if (value < 1) return Math.round((1 - value) * 1000) / 10;
	return value <= 100 ? value : null;
}

const TAX_FIELDS: [key: string, name: string, unit: string][] = [
	["propertyRentTax", "Occupancy tax", "% of the rent"],
	["guestPerPersonPerNightTax", "Tourist tax", "per guest per night"],
	["guestNightlyTax", "Nightly tax", "per night"],
	["guestStayTax", "Stay tax", "per stay"],
];

function feeSettings(listing: Listing): ListingDetail["fees"]["otherFees"] {
	return listing.listingFeeSetting.flatMap((setting) => {
		const fee = setting as Record<string, unknown>;
		const title = typeof fee.feeTitle === "string" && fee.feeTitle ? fee.feeTitle : typeof fee.feeType === "string" ? fee.feeType : null;
		if (!title) return [];
		const amount = typeof fee.amount === "number" ? fee.amount : Number.isFinite(Number(fee.amount)) ? Number(fee.amount) : null;
		return [{ title, amount, appliedPer: typeof fee.feeAppliedPer === "string" ? fee.feeAppliedPer : null }];
	});
}

export function toListingDetail(listing: Listing): ListingDetail {
	const amenities = listing.listingAmenities
		.map((amenity) => amenity.amenityName || (amenity.amenityId !== null ? `amenity #${amenity.amenityId}` : null))
		.filter((name): name is string => Boolean(name));
	return {
		id: listing.id,
		name: listingName(listing),
		description: shorten(listing.description, DESCRIPTION_CHARS),
		roomType: listing.roomType ?? null,
		timeZone: listing.timeZoneName ?? null,
		address: {
			publicAddress: listing.publicAddress || null,
			street: listing.street || null,
			city: listing.city || null,
			state: listing.state || null,
			zipcode: listing.zipcode || null,
			country: listing.country || null,
			countryCode: listing.countryCode || null,
		},
		capacity: {
			maxGuests: listing.personCapacity ?? null,
			guestsIncluded: listing.guestsIncluded ?? null,
			bedrooms: listing.bedroomsNumber ?? null,
			beds: listing.bedsNumber ?? null,
			bathrooms: listing.bathroomsNumber ?? null,
			maxChildren: listing.maxChildrenAllowed ?? null,
			maxInfants: listing.maxInfantsAllowed ?? null,
			maxPets: listing.maxPetsAllowed ?? null,
			squareMeters: listing.squareMeters ?? null,
		},
		houseRules: shorten(listing.houseRules, HOUSE_RULES_CHARS),
		amenities: amenities.slice(0, MAX_AMENITIES),
		fees: {
			currency: listing.currencyCode ?? null,
			basePrice: listing.price ?? null,
			cleaningFee: listing.cleaningFee ?? null,
			extraPersonPrice: listing.priceForExtraPerson ?? null,
			damageDeposit: listing.refundableDamageDeposit ?? null,
			taxes: TAX_FIELDS.flatMap(([key, name, unit]) => {
				const amount = extraNumber(listing, key);
				return amount !== null && amount > 0 ? [{ name, amount, unit }] : [];
			}),
			weeklyDiscountPercent: discountPercent(listing.weeklyDiscount),
			monthlyDiscountPercent: discountPercent(listing.monthlyDiscount),
			otherFees: feeSettings(listing),
		},
		cancellationPolicy: listing.cancellationPolicy || null,
		checkIn: { from: listing.checkInTimeStart ?? null, until: listing.checkInTimeEnd ?? null, checkOutBy: listing.checkOutTime ?? null },
		stayLimits: { minNights: listing.minNights ?? null, maxNights: listing.maxNights ?? null },
		instantBookable: listing.instantBookable ?? null,
		channelLinks: {
			airbnb: listing.airbnbListingUrl || null,
			vrbo: listing.vrboListingUrl || null,
			google: listing.googleVrListingUrl || null,
			expedia: listing.expediaListingUrl || null,
		},
		archived: listing.specialStatus === "archived",
	};
}

export const getListing = defineOperation({
	name: "get_listing",
	title: "Get listing details",
	description:
		"One listing's details for answering guests and planning stays: address (as shown to guests), capacity, house rules, " +
		"amenities by name, fees, taxes and discounts, cancellation policy, check-in and check-out hours, minimum and maximum " +
		"nights, instant booking, and its Airbnb/Vrbo/Google/Expedia links. Never returns door codes or Wi-Fi credentials. " +
		"Find ids with list_listings; use check_availability or get_calendar for dates and prices.",
	input: z.strictObject({ listingId: listingIdArgument }),
	output,
	annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
	async handler({ listingId }, context) {
		const listing = await context.hostaway().getListing(listingId, { includeResources: true });
		return toListingDetail(listing);
	},
	render(detail) {
		const money = (amount: number | null) => (amount === null ? "—" : `${amount} ${detail.fees.currency ?? ""}`.trimEnd());
		const { address } = detail;
		const place = address.publicAddress
			? address.publicAddress
			: [address.street, address.city, address.state, address.country].filter(Boolean).join(", ");
		const c = detail.capacity;
		const lines = [
			`## ${detail.name} (listing ${detail.id})${detail.archived ? " — archived" : ""}`,
			`**Where:** ${place || "no address"}${address.zipcode ? ` (zip ${address.zipcode})` : ""} · time zone ${detail.timeZone ?? "unknown"}`,
			`**Capacity:** sleeps ${c.maxGuests ?? "?"} (${c.guestsIncluded ?? "?"} included in the price) · ${c.bedrooms ?? "?"} bedrooms, ${c.beds ?? "?"} beds, ${c.bathrooms ?? "?"} bathrooms` +
				(c.maxChildren !== null || c.maxInfants !== null || c.maxPets !== null
					? ` · limits: children ${c.maxChildren ?? "—"}, infants ${c.maxInfants ?? "—"}, pets ${c.maxPets ?? "—"}`
					: ""),
			`**Check-in** ${formatHour(detail.checkIn.from)}${detail.checkIn.until !== null ? `–${formatHour(detail.checkIn.until)}` : ""} · **check-out** by ${formatHour(detail.checkIn.checkOutBy)} · ` +
				`nights ${detail.stayLimits.minNights ?? "?"}–${detail.stayLimits.maxNights ?? "?"} · instant booking ${detail.instantBookable === null ? "unknown" : detail.instantBookable ? "yes" : "no"}`,
			`**Prices:** base ${money(detail.fees.basePrice)}/night · cleaning ${money(detail.fees.cleaningFee)} · extra guest ${money(detail.fees.extraPersonPrice)}/night · damage deposit ${money(detail.fees.damageDeposit)}` +
				(detail.fees.weeklyDiscountPercent !== null ? ` · weekly −${detail.fees.weeklyDiscountPercent}%` : "") +
				(detail.fees.monthlyDiscountPercent !== null ? ` · monthly −${detail.fees.monthlyDiscountPercent}%` : ""),
		];
		if (detail.fees.taxes.length > 0) {
			lines.push(
				`**Taxes:** ${detail.fees.taxes.map((tax) => `${tax.name} ${tax.amount}${tax.unit.startsWith("%") ? "" : ` ${detail.fees.currency ?? ""}`} ${tax.unit}`).join("; ")}`,
			);
		}
		if (detail.fees.otherFees.length > 0) {
			lines.push(
				`**Other fees:** ${detail.fees.otherFees.map((fee) => `${fee.title} ${money(fee.amount)}${fee.appliedPer ? ` per ${fee.appliedPer}` : ""}`).join("; ")}`,
			);
		}
		lines.push(`**Cancellation policy:** ${detail.cancellationPolicy ?? "not set"}`);
		if (detail.amenities.length > 0) lines.push(`**Amenities:** ${detail.amenities.join(", ")}`);
		if (detail.houseRules) lines.push(`**House rules:** ${detail.houseRules}`);
		if (detail.description) lines.push(`**Description:** ${detail.description}`);
		const links = Object.entries(detail.channelLinks).filter(([, url]) => url);
		if (links.length > 0) lines.push(`**Channel links:** ${links.map(([channel, url]) => `${channel} ${url}`).join(" · ")}`);
		return lines.join("\n");
	},
});
