/**
 * The properties of each sandbox account, written by hand so the demo reads like a real
 * portfolio: several cities and time zones, apartments to chalets, prices in local currency.
 * Addresses, phone numbers and coordinates are invented (phones use the reserved +1 555 010 range).
 */

export interface PropertyPlan {
	name: string;
	/** Hostaway shows the internal name (usually the street address) as a reservation's `listingName`. */
	internalName: string;
	street: string;
	houseNumber: string;
	city: string;
	state: string | null;
	zipcode: string;
	country: string;
	countryCode: string;
	lat: number;
	lng: number;
	timeZoneName: string;
	currencyCode: string;
	language: string;
	propertyTypeId: number;
	roomType: "entire_home" | "private_room";
	bookingcomRoomName: string;
	capacity: number;
	bedrooms: number;
	beds: number;
	bathrooms: number;
	squareMeters: number;
	price: number;
	cleaningFee: number;
	minNights: number;
	checkIn: number;
	checkOut: number;
	/** Occupancy tax as a percentage of the rent (`propertyRentTax`). */
	rentTax: number;
	/** Tourist tax per person per night, in the listing's currency (`guestPerPersonPerNightTax`). */
	perPersonNightTax: number;
	pets: boolean;
	features: readonly string[];
}

const US = { country: "United States of America", countryCode: "US", currencyCode: "USD", language: "en" } as const;
const PT = { country: "Portugal", countryCode: "PT", state: null, currencyCode: "EUR", language: "pt" } as const;
const DE = { country: "Germany", countryCode: "DE", state: null, currencyCode: "EUR", language: "de" } as const;
const JP = { country: "Japan", countryCode: "JP", currencyCode: "JPY", language: "ja" } as const;

const apartment = { propertyTypeId: 1, roomType: "entire_home", bookingcomRoomName: "Apartment" } as const;
const house = { propertyTypeId: 2, roomType: "entire_home", bookingcomRoomName: "Holiday Home" } as const;

/** Account 100001, "Harbor & Pine Stays": 16 listings in the US, Portugal, Germany and Japan. */
export const HARBOR_AND_PINE: readonly PropertyPlan[] = [
	{ ...US, ...apartment, name: "Brownstone Garden Suite | Park Slope", internalName: "412 5th St Garden", street: "5th Street", houseNumber: "412", city: "Brooklyn", state: "NY", zipcode: "11215", lat: 40.6711, lng: -73.9822, timeZoneName: "America/New_York", capacity: 4, bedrooms: 2, beds: 2, bathrooms: 1, squareMeters: 85, price: 245, cleaningFee: 110, minNights: 2, checkIn: 16, checkOut: 11, rentTax: 14.75, perPersonNightTax: 0, pets: false, features: ["garden", "workspace"] },
	{ ...US, ...apartment, name: "Sunny Williamsburg Loft | Rooftop Views", internalName: "88 N 6th St #4B", street: "North 6th Street", houseNumber: "88", city: "Brooklyn", state: "NY", zipcode: "11249", lat: 40.7196, lng: -73.9594, timeZoneName: "America/New_York", capacity: 3, bedrooms: 1, beds: 2, bathrooms: 1, squareMeters: 70, price: 210, cleaningFee: 95, minNights: 2, checkIn: 15, checkOut: 11, rentTax: 14.75, perPersonNightTax: 0, pets: false, features: ["rooftop", "workspace"] },
	{ ...US, ...apartment, name: "Oceanfront Condo | Pool & Beach Access", internalName: "2301 Collins Ave #1207", street: "Collins Avenue", houseNumber: "2301", city: "Miami Beach", state: "FL", zipcode: "33139", lat: 25.7978, lng: -80.1283, timeZoneName: "America/New_York", capacity: 4, bedrooms: 1, beds: 2, bathrooms: 1, squareMeters: 68, price: 265, cleaningFee: 125, minNights: 3, checkIn: 16, checkOut: 10, rentTax: 13, perPersonNightTax: 0, pets: false, features: ["pool", "beach"] },
	{ ...US, ...house, name: "Blue Ridge Cabin | Hot Tub & Mountain Views", internalName: "17 Laurel Ridge Rd", street: "Laurel Ridge Road", houseNumber: "17", city: "Asheville", state: "NC", zipcode: "28804", lat: 35.6396, lng: -82.5711, timeZoneName: "America/New_York", capacity: 6, bedrooms: 3, beds: 4, bathrooms: 2, squareMeters: 140, price: 189, cleaningFee: 135, minNights: 2, checkIn: 16, checkOut: 10, rentTax: 13, perPersonNightTax: 0, pets: true, features: ["hot tub", "firepit"] },
	{ ...US, ...house, name: "Silver Lake Bungalow | Walk to Cafés", internalName: "2214 Lakeview Ave", street: "Lakeview Avenue", houseNumber: "2214", city: "Los Angeles", state: "CA", zipcode: "90039", lat: 34.0962, lng: -118.2611, timeZoneName: "America/Los_Angeles", capacity: 4, bedrooms: 2, beds: 2, bathrooms: 1, squareMeters: 95, price: 229, cleaningFee: 120, minNights: 2, checkIn: 15, checkOut: 11, rentTax: 14, perPersonNightTax: 0, pets: true, features: ["garden", "workspace"] },
	{ ...US, ...apartment, name: "Venice Canals Studio | Bikes Included", internalName: "301 Grand Canal #2", street: "Grand Canal", houseNumber: "301", city: "Los Angeles", state: "CA", zipcode: "90291", lat: 33.9848, lng: -118.4687, timeZoneName: "America/Los_Angeles", capacity: 2, bedrooms: 1, beds: 1, bathrooms: 1, squareMeters: 42, price: 165, cleaningFee: 80, minNights: 2, checkIn: 15, checkOut: 11, rentTax: 14, perPersonNightTax: 0, pets: false, features: ["bikes", "beach"] },
	{ ...US, ...house, name: "Tahoe Chalet | Ski Shuttle & Sauna", internalName: "1045 Glenwood Way", street: "Glenwood Way", houseNumber: "1045", city: "South Lake Tahoe", state: "CA", zipcode: "96150", lat: 38.9172, lng: -119.9863, timeZoneName: "America/Los_Angeles", capacity: 10, bedrooms: 4, beds: 6, bathrooms: 3, squareMeters: 210, price: 420, cleaningFee: 250, minNights: 3, checkIn: 16, checkOut: 10, rentTax: 14, perPersonNightTax: 0, pets: true, features: ["sauna", "fireplace"] },
	{ ...US, ...house, name: "Joshua Tree Desert House | Stargazing Deck", internalName: "6620 Sun Mesa Dr", street: "Sun Mesa Drive", houseNumber: "6620", city: "Joshua Tree", state: "CA", zipcode: "92252", lat: 34.1347, lng: -116.3131, timeZoneName: "America/Los_Angeles", capacity: 4, bedrooms: 2, beds: 3, bathrooms: 2, squareMeters: 110, price: 199, cleaningFee: 115, minNights: 2, checkIn: 16, checkOut: 11, rentTax: 12, perPersonNightTax: 0, pets: false, features: ["hot tub", "firepit"] },
	{ ...PT, ...apartment, name: "Alfama Terrace Apartment | River Views", internalName: "Rua dos Remédios 34, 2º", street: "Rua dos Remédios", houseNumber: "34", city: "Lisbon", zipcode: "1100-445", lat: 38.7119, lng: -9.1296, timeZoneName: "Europe/Lisbon", capacity: 4, bedrooms: 2, beds: 3, bathrooms: 1, squareMeters: 75, price: 135, cleaningFee: 55, minNights: 2, checkIn: 15, checkOut: 11, rentTax: 6, perPersonNightTax: 4, pets: false, features: ["terrace", "workspace"] },
	{ ...PT, ...apartment, name: "Príncipe Real Flat | Quiet Courtyard", internalName: "Rua da Escola Politécnica 61", street: "Rua da Escola Politécnica", houseNumber: "61", city: "Lisbon", zipcode: "1250-099", lat: 38.7169, lng: -9.1498, timeZoneName: "Europe/Lisbon", capacity: 2, bedrooms: 1, beds: 1, bathrooms: 1, squareMeters: 55, price: 118, cleaningFee: 45, minNights: 2, checkIn: 15, checkOut: 11, rentTax: 6, perPersonNightTax: 4, pets: false, features: ["courtyard", "workspace"] },
	{ ...PT, ...apartment, name: "Ribeira Loft | Steps from the Douro", internalName: "Rua da Fonte Taurina 12", street: "Rua da Fonte Taurina", houseNumber: "12", city: "Porto", zipcode: "4050-266", lat: 41.1408, lng: -8.6127, timeZoneName: "Europe/Lisbon", capacity: 3, bedrooms: 1, beds: 2, bathrooms: 1, squareMeters: 60, price: 105, cleaningFee: 45, minNights: 2, checkIn: 15, checkOut: 11, rentTax: 6, perPersonNightTax: 3, pets: false, features: ["river", "workspace"] },
	{ ...DE, ...apartment, name: "Kreuzberg Altbau | Canal-side Balcony", internalName: "Paul-Lincke-Ufer 22", street: "Paul-Lincke-Ufer", houseNumber: "22", city: "Berlin", zipcode: "10999", lat: 52.4953, lng: 13.4263, timeZoneName: "Europe/Berlin", capacity: 4, bedrooms: 2, beds: 2, bathrooms: 1, squareMeters: 82, price: 125, cleaningFee: 60, minNights: 2, checkIn: 15, checkOut: 11, rentTax: 7.5, perPersonNightTax: 0, pets: false, features: ["balcony", "workspace"] },
	{ ...DE, ...apartment, name: "Prenzlauer Berg Family Flat | Near Mauerpark", internalName: "Kastanienallee 47", street: "Kastanienallee", houseNumber: "47", city: "Berlin", zipcode: "10435", lat: 52.5387, lng: 13.4094, timeZoneName: "Europe/Berlin", capacity: 5, bedrooms: 2, beds: 3, bathrooms: 1, squareMeters: 95, price: 139, cleaningFee: 70, minNights: 3, checkIn: 15, checkOut: 10, rentTax: 7.5, perPersonNightTax: 0, pets: false, features: ["family", "workspace"] },
	{ ...JP, ...apartment, state: "Tokyo", name: "Shibuya Modern Apartment | 5 min to Station", internalName: "Udagawacho 14-3 #603", street: "Udagawacho", houseNumber: "14-3", city: "Tokyo", zipcode: "150-0042", lat: 35.6614, lng: 139.6972, timeZoneName: "Asia/Tokyo", capacity: 3, bedrooms: 1, beds: 2, bathrooms: 1, squareMeters: 38, price: 22000, cleaningFee: 8000, minNights: 2, checkIn: 16, checkOut: 10, rentTax: 10, perPersonNightTax: 200, pets: false, features: ["pocket wifi", "workspace"] },
	{ ...JP, ...house, state: "Kyoto", name: "Gion Machiya Townhouse | Tatami & Garden", internalName: "Gionmachi Minamigawa 570-8", street: "Gionmachi Minamigawa", houseNumber: "570-8", city: "Kyoto", zipcode: "605-0074", lat: 35.0037, lng: 135.7752, timeZoneName: "Asia/Tokyo", capacity: 5, bedrooms: 3, beds: 4, bathrooms: 1, squareMeters: 90, price: 38000, cleaningFee: 12000, minNights: 2, checkIn: 16, checkOut: 10, rentTax: 10, perPersonNightTax: 300, pets: false, features: ["garden", "tatami"] },
	{ ...US, ...house, name: "Austin Bungalow | Walk to South Congress", internalName: "1508 Newning Ave", street: "Newning Avenue", houseNumber: "1508", city: "Austin", state: "TX", zipcode: "78704", lat: 30.2491, lng: -97.7442, timeZoneName: "America/Chicago", capacity: 6, bedrooms: 3, beds: 3, bathrooms: 2, squareMeters: 130, price: 215, cleaningFee: 125, minNights: 2, checkIn: 16, checkOut: 11, rentTax: 17, perPersonNightTax: 0, pets: true, features: ["backyard", "grill"] },
];

const GB = { country: "United Kingdom", countryCode: "GB", state: null, currencyCode: "GBP", language: "en" } as const;

/** Account 100002, "Northwind Rentals": 12 listings, a different mix of cities and time zones. */
export const NORTHWIND: readonly PropertyPlan[] = [
	{ ...US, ...apartment, name: "Wicker Park Two-Flat | Chef's Kitchen", internalName: "1725 N Damen Ave #2", street: "North Damen Avenue", houseNumber: "1725", city: "Chicago", state: "IL", zipcode: "60647", lat: 41.9131, lng: -87.6776, timeZoneName: "America/Chicago", capacity: 6, bedrooms: 3, beds: 3, bathrooms: 2, squareMeters: 120, price: 235, cleaningFee: 140, minNights: 2, checkIn: 16, checkOut: 11, rentTax: 17.4, perPersonNightTax: 0, pets: false, features: ["kitchen", "workspace"] },
	{ ...US, ...house, name: "East Nashville Cottage | Porch Swing", internalName: "1014 Fatherland St", street: "Fatherland Street", houseNumber: "1014", city: "Nashville", state: "TN", zipcode: "37206", lat: 36.1734, lng: -86.7514, timeZoneName: "America/Chicago", capacity: 5, bedrooms: 2, beds: 3, bathrooms: 2, squareMeters: 105, price: 199, cleaningFee: 110, minNights: 2, checkIn: 16, checkOut: 11, rentTax: 15.25, perPersonNightTax: 0, pets: true, features: ["porch", "grill"] },
	{ ...US, ...apartment, name: "Capitol Hill Studio | Light Rail Nearby", internalName: "1520 E Pine St #306", street: "East Pine Street", houseNumber: "1520", city: "Seattle", state: "WA", zipcode: "98122", lat: 47.6154, lng: -122.3118, timeZoneName: "America/Los_Angeles", capacity: 2, bedrooms: 1, beds: 1, bathrooms: 1, squareMeters: 40, price: 145, cleaningFee: 75, minNights: 2, checkIn: 15, checkOut: 11, rentTax: 15.7, perPersonNightTax: 0, pets: false, features: ["workspace", "transit"] },
	{ ...US, ...apartment, name: "Waikiki Lanai Condo | Ocean Breeze", internalName: "2450 Prince Edward St #1704", street: "Prince Edward Street", houseNumber: "2450", city: "Honolulu", state: "HI", zipcode: "96815", lat: 21.2789, lng: -157.8266, timeZoneName: "Pacific/Honolulu", capacity: 4, bedrooms: 1, beds: 2, bathrooms: 1, squareMeters: 58, price: 260, cleaningFee: 150, minNights: 3, checkIn: 15, checkOut: 10, rentTax: 17.96, perPersonNightTax: 0, pets: false, features: ["lanai", "beach"] },
	{ ...apartment, country: "France", countryCode: "FR", state: null, currencyCode: "EUR", language: "fr", name: "Marais Pied-à-terre | Exposed Beams", internalName: "18 Rue des Rosiers", street: "Rue des Rosiers", houseNumber: "18", city: "Paris", zipcode: "75004", lat: 48.8572, lng: 2.3592, timeZoneName: "Europe/Paris", capacity: 2, bedrooms: 1, beds: 1, bathrooms: 1, squareMeters: 35, price: 175, cleaningFee: 60, minNights: 3, checkIn: 15, checkOut: 11, rentTax: 0, perPersonNightTax: 5, pets: false, features: ["workspace", "historic"] },
	{ ...apartment, country: "Spain", countryCode: "ES", state: null, currencyCode: "EUR", language: "es", name: "Gràcia Terrace Flat | Sunny & Quiet", internalName: "Carrer de Verdi 52, 3r", street: "Carrer de Verdi", houseNumber: "52", city: "Barcelona", zipcode: "08012", lat: 41.4036, lng: 2.1571, timeZoneName: "Europe/Madrid", capacity: 4, bedrooms: 2, beds: 2, bathrooms: 1, squareMeters: 72, price: 140, cleaningFee: 55, minNights: 3, checkIn: 15, checkOut: 11, rentTax: 10, perPersonNightTax: 4, pets: false, features: ["terrace", "workspace"] },
	{ ...GB, ...apartment, name: "Shoreditch Warehouse Loft | Brick & Steel", internalName: "9 Rivington St, Flat 3", street: "Rivington Street", houseNumber: "9", city: "London", zipcode: "EC2A 3DT", lat: 51.5262, lng: -0.0805, timeZoneName: "Europe/London", capacity: 4, bedrooms: 2, beds: 2, bathrooms: 2, squareMeters: 88, price: 215, cleaningFee: 80, minNights: 2, checkIn: 15, checkOut: 10, rentTax: 0, perPersonNightTax: 0, pets: false, features: ["workspace", "loft"] },
	{ ...GB, ...apartment, name: "Old Town Edinburgh Flat | Castle Views", internalName: "44 Cockburn St, 3F1", street: "Cockburn Street", houseNumber: "44", city: "Edinburgh", zipcode: "EH1 1PB", lat: 55.9503, lng: -3.1894, timeZoneName: "Europe/London", capacity: 4, bedrooms: 2, beds: 3, bathrooms: 1, squareMeters: 76, price: 150, cleaningFee: 65, minNights: 2, checkIn: 15, checkOut: 10, rentTax: 0, perPersonNightTax: 0, pets: false, features: ["views", "historic"] },
	{ ...apartment, country: "Netherlands", countryCode: "NL", state: null, currencyCode: "EUR", language: "nl", name: "Jordaan Canal Apartment | Houseboat Views", internalName: "Prinsengracht 212-II", street: "Prinsengracht", houseNumber: "212", city: "Amsterdam", zipcode: "1016 HD", lat: 52.3752, lng: 4.8839, timeZoneName: "Europe/Amsterdam", capacity: 2, bedrooms: 1, beds: 1, bathrooms: 1, squareMeters: 48, price: 190, cleaningFee: 60, minNights: 3, checkIn: 15, checkOut: 10, rentTax: 12.5, perPersonNightTax: 0, pets: false, features: ["canal", "bikes"] },
	{ ...house, country: "Australia", countryCode: "AU", state: "NSW", currencyCode: "AUD", language: "en", name: "Bondi Beach House | Surfboards & Deck", internalName: "27 Wairoa Ave", street: "Wairoa Avenue", houseNumber: "27", city: "Sydney", zipcode: "2026", lat: -33.8889, lng: 151.2769, timeZoneName: "Australia/Sydney", capacity: 6, bedrooms: 3, beds: 4, bathrooms: 2, squareMeters: 140, price: 420, cleaningFee: 180, minNights: 3, checkIn: 15, checkOut: 10, rentTax: 0, perPersonNightTax: 0, pets: true, features: ["deck", "beach"] },
	{ ...apartment, country: "Mexico", countryCode: "MX", state: "CDMX", currencyCode: "MXN", language: "es", name: "Roma Norte Art Deco Flat | Plant-filled", internalName: "Colima 180, Depto 4", street: "Calle Colima", houseNumber: "180", city: "Mexico City", zipcode: "06700", lat: 19.4177, lng: -99.1592, timeZoneName: "America/Mexico_City", capacity: 3, bedrooms: 1, beds: 2, bathrooms: 1, squareMeters: 65, price: 1900, cleaningFee: 600, minNights: 2, checkIn: 15, checkOut: 11, rentTax: 5, perPersonNightTax: 0, pets: false, features: ["workspace", "art deco"] },
	{ ...apartment, country: "Canada", countryCode: "CA", state: "BC", currencyCode: "CAD", language: "en", name: "Kitsilano Garden Suite | Near the Beach", internalName: "2185 W 3rd Ave, Lower", street: "West 3rd Avenue", houseNumber: "2185", city: "Vancouver", zipcode: "V6K 1L1", lat: 49.2693, lng: -123.1565, timeZoneName: "America/Vancouver", capacity: 3, bedrooms: 1, beds: 2, bathrooms: 1, squareMeters: 60, price: 185, cleaningFee: 90, minNights: 2, checkIn: 16, checkOut: 11, rentTax: 13, perPersonNightTax: 0, pets: true, features: ["garden", "beach"] },
];
