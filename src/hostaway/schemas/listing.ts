/**
 * A listing as `GET /listings` and `GET /listings/{id}` return it (hostaway-api.md §4.2).
 * The fields the product reads are named and parsed leniently; the ~130 others pass through.
 * `doorSecurityCode`, `wifiUsername` and `wifiPassword` are secrets: the client keeps them
 * as sent, and operations strip them from output.
 */
import { z } from "zod";
import { lenientArray, lenientFlag, lenientInteger, lenientNumber, lenientString, looseRecord, optionalId, requiredId } from "./lenient";

export const ListingAmenitySchema = z.looseObject({
	id: optionalId,
	amenityId: optionalId,
	amenityName: lenientString,
});

export const ListingImageSchema = z.looseObject({
	id: optionalId,
	caption: lenientString,
	url: lenientString,
	sortOrder: lenientInteger,
});

export const ListingBedTypeSchema = z.looseObject({
	id: optionalId,
	bedTypeId: optionalId,
	quantity: lenientInteger,
	bedroomNumber: lenientInteger,
});

export const ListingSchema = z.looseObject({
	id: requiredId,
	propertyTypeId: optionalId,
	name: lenientString,
	externalListingName: lenientString,
	internalListingName: lenientString,
	specialStatus: lenientString,
	description: lenientString,
	houseRules: lenientString,
	// address
	country: lenientString,
	countryCode: lenientString,
	state: lenientString,
	city: lenientString,
	street: lenientString,
	address: lenientString,
	publicAddress: lenientString,
	zipcode: lenientString,
	lat: lenientNumber,
	lng: lenientNumber,
	timeZoneName: lenientString,
	// capacity
	personCapacity: lenientInteger,
	guestsIncluded: lenientInteger,
	bedroomsNumber: lenientInteger,
	bedsNumber: lenientInteger,
	bathroomsNumber: lenientNumber,
	guestBathroomsNumber: lenientNumber,
	maxChildrenAllowed: lenientInteger,
	maxInfantsAllowed: lenientInteger,
	maxPetsAllowed: lenientInteger,
	squareMeters: lenientNumber,
	roomType: lenientString,
	bathroomType: lenientString,
	// rules (check-in/out are listing-local hours 0-23)
	minNights: lenientInteger,
	maxNights: lenientInteger,
	checkInTimeStart: lenientInteger,
	checkInTimeEnd: lenientInteger,
	checkOutTime: lenientInteger,
	instantBookable: lenientFlag,
	allowSameDayBooking: lenientFlag,
	cancellationPolicy: lenientString,
	cancellationPolicyId: optionalId,
	// money
	price: lenientNumber,
	currencyCode: lenientString,
	cleaningFee: lenientNumber,
	priceForExtraPerson: lenientNumber,
	weeklyDiscount: lenientNumber,
	monthlyDiscount: lenientNumber,
	refundableDamageDeposit: lenientNumber,
	// access (secret)
	doorSecurityCode: lenientString,
	wifiUsername: lenientString,
	wifiPassword: lenientString,
	// contact
	contactName: lenientString,
	contactPhone1: lenientString,
	contactEmail: lenientString,
	language: lenientString,
	// channel links
	airbnbListingUrl: lenientString,
	vrboListingUrl: lenientString,
	googleVrListingUrl: lenientString,
	expediaListingUrl: lenientString,
	// activity
	insertedOn: lenientString,
	latestActivityOn: lenientString,
	// nested
	listingAmenities: lenientArray(ListingAmenitySchema),
	listingImages: lenientArray(ListingImageSchema),
	listingBedTypes: lenientArray(ListingBedTypeSchema),
	listingFeeSetting: lenientArray(looseRecord),
	customFieldValues: lenientArray(looseRecord),
});

export type Listing = z.output<typeof ListingSchema>;
export type ListingAmenity = z.output<typeof ListingAmenitySchema>;
export type ListingImage = z.output<typeof ListingImageSchema>;
