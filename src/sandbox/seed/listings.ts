/**
 * Seeded listings: a full Hostaway listing record for each planned property, with door
 * codes and Wi-Fi passwords (secrets the product must never reveal) and the nested
 * amenities, bed types, images and fee settings Hostaway returns.
 */
import type { JsonObject } from "../wire/json";
import { formatDateTime, msOfDay } from "../wire/datetime";
import type { SeedContext } from "./context";
import type { PropertyPlan } from "./properties";
import { LISTING_TEMPLATE, type ListingRecord } from "./templates";

/** Hostaway amenity ids and names, as Hostaway's catalogue numbers them. */
const BASE_AMENITIES: readonly [number, string][] = [
	[2, "Internet"],
	[3, "Wireless"],
	[7, "Kitchen"],
	[18, "Heating"],
	[25, "Smoke detector"],
	[26, "Carbon Monoxide Detector"],
	[29, "Essentials"],
	[34, "TV"],
	[54, "Linens"],
	[70, "Towels"],
	[101, "Hot water"],
	[272, "Contactless Check-In/Out"],
	[280, "Free WiFi"],
];
const OPTIONAL_AMENITIES: readonly [number, string][] = [
	[4, "Air conditioning"],
	[13, "Washing Machine"],
	[14, "Dryer"],
	[33, "Laptop Friendly workspace"],
	[39, "Free parking"],
	[45, "Balcony"],
	[55, "Outdoor grill"],
	[57, "Dishwasher"],
	[61, "Coffee/tea maker"],
	[66, "Baby crib"],
	[72, "Garden or backyard"],
	[286, "WiFi speed (500+ Mbps)"],
	[287, "Smart TV"],
	[309, "Outdoor firepit"],
];

function describe(plan: PropertyPlan): string {
	return (
		`A ${plan.bedrooms}-bedroom ${plan.propertyTypeId === 2 ? "home" : "apartment"} in ${plan.city} for up to ${plan.capacity} guests. ` +
		`Highlights: ${plan.features.join(", ")}. Fresh linens and towels, a fully equipped kitchen and fast Wi-Fi are included. ` +
		`Self check-in with a keypad from ${plan.checkIn}:00; check-out by ${plan.checkOut}:00.`
	);
}

const HOUSE_RULES =
	"No parties or events. No smoking inside or near the entrances. Quiet hours 22:00–08:00. " +
	"Please load the dishwasher and take the trash out before check-out.";

function formatAddress(plan: PropertyPlan): string {
	const region = plan.state ? `${plan.state} ${plan.zipcode}` : plan.zipcode;
	return plan.countryCode === "US"
		? `${plan.houseNumber} ${plan.street}, ${plan.city}, ${region}, USA`
		: `${plan.street} ${plan.houseNumber}, ${region} ${plan.city}, ${plan.country}`;
}

export function seedListing(ctx: SeedContext, plan: PropertyPlan, index: number): ListingRecord {
	const { random, account } = ctx;
	const id = ctx.nextId("listing", 900);
	const airbnbId = random.digits(18);
	const vrboId = random.digits(7);
	const insertedOn = formatDateTime(msOfDay(ctx.today - random.int(400, 1100), random.int(8, 20), random.int(0, 59)));
	const amenities: JsonObject[] = [...BASE_AMENITIES, ...OPTIONAL_AMENITIES.filter(() => random.chance(0.55))].map(
		([amenityId, amenityName]) => ({ id: ctx.nextId("misc"), amenityId, amenityName }),
	);
	if (plan.pets) amenities.push({ id: ctx.nextId("misc"), amenityId: 37, amenityName: "Pets allowed" });
	const bedTypes: JsonObject[] = Array.from({ length: plan.bedrooms }, (_, bedroom) => ({
		id: ctx.nextId("misc"),
		bedTypeId: bedroom === 0 ? 24 : random.pick([24, 18, 28]),
		quantity: 1,
		bedroomNumber: bedroom + 1,
	}));
	const rooms = ["living room", "kitchen", "main bedroom", "bathroom", "entrance", ...plan.features];
	const images: JsonObject[] = rooms.map((room, sortOrder) => ({
		id: ctx.nextId("misc"),
		caption: `${plan.city.toLowerCase().replace(/\s+/g, "-")}-${room.replace(/\s+/g, "-")}-${sortOrder + 1}.jpg`,
		bookingEngineCaption: null,
		airbnbCaption: `The ${room}.`,
		vrboCaption: `The ${room}.`,
		url: `https://example.com/listing/${account.accountId}-${id}-${random.code(24, "mixed")}`,
		sortOrder: sortOrder + 1,
	}));
	const feeSettings: JsonObject[] = plan.pets
		? [
				{
					id: ctx.nextId("misc"),
					accountId: ctx.accountIdNumber,
					listingMapId: id,
					feeType: "petFee",
					feeTitle: "Pet fee",
					feeDescription: null,
					feeAppliedPer: "reservation",
					amount: plan.currencyCode === "JPY" ? 5000 : 75,
					amountType: "flat",
					isMandatory: 0,
					isQuantitySelectable: 0,
					appearsIn: ["bookingEngine", "guestPortalPayment", "guestPortalConfirmed", "guestStay"],
					channelId: 0,
					displayInRent: 0,
					parentId: null,
					insertedOn,
					updatedOn: insertedOn,
					attachments: [],
				},
			]
		: [];
	const wifiName = `${account.companyName.split(" ")[0]}-${plan.city.replace(/\s+/g, "")}-${index + 1}`;

	return {
		...LISTING_TEMPLATE,
		id,
		propertyTypeId: plan.propertyTypeId,
		name: plan.name,
		externalListingName: plan.name,
		internalListingName: plan.internalName,
		description: describe(plan),
		thumbnailUrl: images[0]?.url as string,
		houseRules: HOUSE_RULES,
		doorSecurityCode: `${random.digits(4)}#`,
		country: plan.country,
		countryCode: plan.countryCode,
		state: plan.state ?? "",
		city: plan.city,
		street: plan.street,
		address: formatAddress(plan),
		publicAddress: `${plan.street}, ${plan.city}, ${plan.country}`,
		zipcode: plan.zipcode,
		price: plan.price,
		weeklyDiscount: 0.9,
		monthlyDiscount: 0.8,
		propertyRentTax: plan.rentTax,
		guestPerPersonPerNightTax: plan.perPersonNightTax,
		guestStayTax: 0,
		guestNightlyTax: 0,
		refundableDamageDeposit: plan.propertyTypeId === 2 ? (plan.currencyCode === "JPY" ? 30000 : 300) : 0,
		isDepositStayCollected: 0,
		personCapacity: plan.capacity,
		lat: plan.lat,
		lng: plan.lng,
		checkInTimeStart: plan.checkIn,
		checkInTimeEnd: 22,
		checkOutTime: plan.checkOut,
		cancellationPolicy: random.pick(["flexible", "moderate", "strict"]),
		squareMeters: plan.squareMeters,
		roomType: plan.roomType,
		bathroomType: "private",
		bedroomsNumber: plan.bedrooms,
		bedsNumber: plan.beds,
		bathroomsNumber: plan.bathrooms,
		minNights: plan.minNights,
		maxNights: 365,
		guestsIncluded: Math.min(2, plan.capacity),
		cleaningFee: plan.cleaningFee,
		checkinFee: 0,
		priceForExtraPerson: plan.capacity > 2 ? Math.round(plan.price * 0.08) : 0,
		instantBookable: random.chance(0.6) ? 1 : 0,
		airbnbBookingLeadTime: random.pick([0, 2, 4, 24]),
		airbnbBookingLeadTimeAllowRequestToBook: 0,
		airbnbName: plan.name.slice(0, 50),
		airbnbSummary: describe(plan),
		airbnbSpace: `${plan.squareMeters} m² with ${plan.beds} beds across ${plan.bedrooms} bedroom(s).`,
		airbnbAccess: "Guests have the whole place to themselves. Self check-in with a keypad.",
		airbnbInteraction: "We are a message away for anything you need during your stay.",
		airbnbNeighborhoodOverview: `A walkable part of ${plan.city} with cafés, groceries and transit nearby.`,
		airbnbNotes: "No parties or events.",
		airbnbExportStatus: "exported",
		vrboExportStatus: "exported",
		googleExportStatus: "exported",
		allowSameDayBooking: 0,
		sameDayBookingLeadTime: 12,
		contactName: `${account.hostFirstName} ${account.hostLastName}`,
		contactPhone1: account.hostPhone,
		language: plan.language,
		currencyCode: plan.currencyCode,
		timeZoneName: plan.timeZoneName,
		wifiUsername: wifiName,
		wifiPassword: random.code(14, "mixed"),
		cleannessStatus: random.pick(["1", "2"]),
		homeawayPropertyName: plan.name,
		homeawayPropertyHeadline: plan.name,
		homeawayPropertyDescription: describe(plan),
		bookingcomPropertyName: plan.name,
		bookingcomPropertyRoomName: plan.bookingcomRoomName,
		bookingcomPropertyDescription: describe(plan),
		listingAmenities: amenities,
		listingBedTypes: bedTypes,
		listingImages: images,
		cancellationPolicyId: ctx.accountIdNumber + 40000,
		vrboCancellationPolicyId: 79372,
		marriottCancellationPolicyId: 79377,
		bookingCancellationPolicyId: 79383,
		listingFeeSetting: feeSettings,
		airbnbCancellationPolicyId: 79387,
		airbnbListingUrl: `https://airbnb.example.com/rooms/${airbnbId}`,
		vrboListingUrl: `https://vrbo.example.com/${vrboId}?dateless=true`,
		googleVrListingUrl: `https://google.example.com/travel/hotels/entity/${random.code(20, "mixed")}/overview`,
		expediaListingUrl: `https://expedia.example.com/${plan.city.replace(/\s+/g, "-")}-Hotels.h${random.digits(8)}.Hotel-Information`,
		averageReviewRating: random.pick([9, 9.4, 9.6, 9.8, 10]),
		partnersListingMarkup: 1,
		airbnbOfficialListingMarkup: 1.15,
		bookingEngineMarkup: 1,
		homeawayApiMarkup: 1.08,
		marriottListingMarkup: 1,
		latestActivityOn: formatDateTime(msOfDay(ctx.today - random.int(1, 20), random.int(8, 20), random.int(0, 59))),
		insertedOn,
		airbnbPetFeeAmount: plan.pets ? 75 : null,
	};
}

/** The Airbnb listing id inside a listing's `airbnbListingUrl` (Airbnb reservations quote it). */
export function airbnbListingIdOf(listing: ListingRecord): string {
	return listing.airbnbListingUrl.split("/").pop() ?? "";
}

export function vrboListingIdOf(listing: ListingRecord): string {
	return /\/(\d+)/.exec(listing.vrboListingUrl.replace("https://", ""))?.[1] ?? "";
}
