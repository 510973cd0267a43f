/**
 * Property plans made by a generator rather than by hand, for the account with a large
 * portfolio (hundreds of listings): a round over coastal towns in several countries and time
 * zones, each listing an apartment or a house of a size drawn from a small set of layouts, priced
 * in the town's currency. The same count and seed always give the same plans.
 */
import type { PropertyPlan } from "./properties";
import { Random } from "./random";

interface Town {
	city: string;
	state: string | null;
	/** Postcodes are the prefix plus this many drawn digits; 0 means a British inward code ("4AB"). */
	zipPrefix: string;
	zipDigits: number;
	country: string;
	countryCode: string;
	currencyCode: string;
	language: string;
	timeZoneName: string;
	lat: number;
	lng: number;
	/** A two-bedroom apartment's nightly rate and cleaning fee, in the town's currency. */
	basePrice: number;
	baseCleaning: number;
	rentTax: number;
	perPersonNightTax: number;
	neighbourhoods: readonly string[];
	streets: readonly string[];
}

const TOWNS: readonly Town[] = [
	{
		city: "San Diego",
		state: "CA",
		zipPrefix: "921",
		zipDigits: 2,
		country: "United States of America",
		countryCode: "US",
		currencyCode: "USD",
		language: "en",
		timeZoneName: "America/Los_Angeles",
		lat: 32.7157,
		lng: -117.1611,
		basePrice: 260,
		baseCleaning: 120,
		rentTax: 10.5,
		perPersonNightTax: 0,
		neighbourhoods: ["Pacific Beach", "Ocean Beach", "La Jolla", "Mission Beach"],
		streets: ["Garnet Avenue", "Newport Avenue", "Prospect Street", "Mission Boulevard"],
	},
	{
		city: "Honolulu",
		state: "HI",
		zipPrefix: "968",
		zipDigits: 2,
		country: "United States of America",
		countryCode: "US",
		currencyCode: "USD",
		language: "en",
		timeZoneName: "Pacific/Honolulu",
		lat: 21.2793,
		lng: -157.8292,
		basePrice: 310,
		baseCleaning: 150,
		rentTax: 17.96,
		perPersonNightTax: 0,
		neighbourhoods: ["Waikiki", "Diamond Head", "Kaimuki", "Ala Moana"],
		streets: ["Kalakaua Avenue", "Kuhio Avenue", "Monsarrat Avenue", "Ala Wai Boulevard"],
	},
	{
		city: "Gulf Shores",
		state: "AL",
		zipPrefix: "365",
		zipDigits: 2,
		country: "United States of America",
		countryCode: "US",
		currencyCode: "USD",
		language: "en",
		timeZoneName: "America/Chicago",
		lat: 30.246,
		lng: -87.7008,
		basePrice: 215,
		baseCleaning: 140,
		rentTax: 13,
		perPersonNightTax: 0,
		neighbourhoods: ["West Beach", "Little Lagoon", "Fort Morgan", "Bon Secour"],
		streets: ["West Beach Boulevard", "Gulf Shores Parkway", "Fort Morgan Road", "Lagoon Drive"],
	},
	{
		city: "Charleston",
		state: "SC",
		zipPrefix: "294",
		zipDigits: 2,
		country: "United States of America",
		countryCode: "US",
		currencyCode: "USD",
		language: "en",
		timeZoneName: "America/New_York",
		lat: 32.7765,
		lng: -79.9311,
		basePrice: 240,
		baseCleaning: 115,
		rentTax: 13.5,
		perPersonNightTax: 0,
		neighbourhoods: ["French Quarter", "Folly Beach", "Harleston Village", "Isle of Palms"],
		streets: ["King Street", "East Ashley Avenue", "Tradd Street", "Palm Boulevard"],
	},
	{
		city: "Provincetown",
		state: "MA",
		zipPrefix: "026",
		zipDigits: 2,
		country: "United States of America",
		countryCode: "US",
		currencyCode: "USD",
		language: "en",
		timeZoneName: "America/New_York",
		lat: 42.0584,
		lng: -70.1786,
		basePrice: 285,
		baseCleaning: 130,
		rentTax: 12.45,
		perPersonNightTax: 0,
		neighbourhoods: ["West End", "East End", "Beech Forest", "Herring Cove"],
		streets: ["Commercial Street", "Bradford Street", "Conwell Street", "Tremont Street"],
	},
	{
		city: "Lisbon",
		state: null,
		zipPrefix: "1200-",
		zipDigits: 3,
		country: "Portugal",
		countryCode: "PT",
		currencyCode: "EUR",
		language: "pt",
		timeZoneName: "Europe/Lisbon",
		lat: 38.7223,
		lng: -9.1393,
		basePrice: 150,
		baseCleaning: 60,
		rentTax: 6,
		perPersonNightTax: 4,
		neighbourhoods: ["Alfama", "Príncipe Real", "Cais do Sodré", "Belém"],
		streets: ["Rua da Rosa", "Rua de São Bento", "Calçada do Combro", "Rua dos Remédios"],
	},
	{
		city: "Nice",
		state: null,
		zipPrefix: "060",
		zipDigits: 2,
		country: "France",
		countryCode: "FR",
		currencyCode: "EUR",
		language: "fr",
		timeZoneName: "Europe/Paris",
		lat: 43.7102,
		lng: 7.262,
		basePrice: 175,
		baseCleaning: 70,
		rentTax: 10,
		perPersonNightTax: 2.88,
		neighbourhoods: ["Vieux Nice", "Le Port", "Cimiez", "Promenade des Anglais"],
		streets: ["Rue Droite", "Boulevard Stalingrad", "Avenue des Arènes", "Rue de France"],
	},
	{
		city: "Barcelona",
		state: null,
		zipPrefix: "080",
		zipDigits: 2,
		country: "Spain",
		countryCode: "ES",
		currencyCode: "EUR",
		language: "es",
		timeZoneName: "Europe/Madrid",
		lat: 41.3874,
		lng: 2.1686,
		basePrice: 165,
		baseCleaning: 65,
		rentTax: 10,
		perPersonNightTax: 5.5,
		neighbourhoods: ["Barceloneta", "El Born", "Gràcia", "Poblenou"],
		streets: ["Carrer de Sant Carles", "Carrer del Rec", "Carrer de Verdi", "Rambla del Poblenou"],
	},
	{
		city: "Split",
		state: null,
		zipPrefix: "210",
		zipDigits: 2,
		country: "Croatia",
		countryCode: "HR",
		currencyCode: "EUR",
		language: "hr",
		timeZoneName: "Europe/Zagreb",
		lat: 43.5081,
		lng: 16.4402,
		basePrice: 140,
		baseCleaning: 50,
		rentTax: 13,
		perPersonNightTax: 1.86,
		neighbourhoods: ["Varoš", "Bačvice", "Meje", "Old Town"],
		streets: ["Ulica Kamila Tončića", "Put Firula", "Šetalište Ivana Meštrovića", "Ulica Bosanska"],
	},
	{
		city: "Brighton",
		state: null,
		zipPrefix: "BN1 ",
		zipDigits: 0,
		country: "United Kingdom",
		countryCode: "GB",
		currencyCode: "GBP",
		language: "en",
		timeZoneName: "Europe/London",
		lat: 50.8225,
		lng: -0.1372,
		basePrice: 145,
		baseCleaning: 60,
		rentTax: 0,
		perPersonNightTax: 0,
		neighbourhoods: ["Kemptown", "North Laine", "Hove Seafront", "Seven Dials"],
		streets: ["St James's Street", "Kensington Gardens", "Brunswick Terrace", "Dyke Road"],
	},
	{
		city: "Byron Bay",
		state: "NSW",
		zipPrefix: "24",
		zipDigits: 2,
		country: "Australia",
		countryCode: "AU",
		currencyCode: "AUD",
		language: "en",
		timeZoneName: "Australia/Sydney",
		lat: -28.6474,
		lng: 153.602,
		basePrice: 340,
		baseCleaning: 160,
		rentTax: 10,
		perPersonNightTax: 0,
		neighbourhoods: ["Wategos", "Suffolk Park", "Belongil", "Town Centre"],
		streets: ["Lawson Street", "Jonson Street", "Bangalow Road", "Marvell Street"],
	},
	{
		city: "Naha",
		state: null,
		zipPrefix: "900-",
		zipDigits: 4,
		country: "Japan",
		countryCode: "JP",
		currencyCode: "JPY",
		language: "ja",
		timeZoneName: "Asia/Tokyo",
		lat: 26.2124,
		lng: 127.6809,
		basePrice: 24000,
		baseCleaning: 8000,
		rentTax: 10,
		perPersonNightTax: 200,
		neighbourhoods: ["Naha Port", "Tsuboya", "Makishi", "Onoyama"],
		streets: ["Kokusai-dori", "Tsuboya-yachimun-dori", "Heiwa-dori", "Ukishima-dori"],
	},
];

interface Layout {
	kind: "apartment" | "house";
	label: string;
	bedrooms: number;
	beds: number;
	bathrooms: number;
	capacity: number;
	squareMeters: number;
	/** Price and cleaning fee relative to the town's two-bedroom apartment. */
	scale: number;
	/** How often this layout occurs, relative to the others. */
	weight: number;
}

const LAYOUTS: readonly Layout[] = [
	{ kind: "apartment", label: "Studio", bedrooms: 1, beds: 1, bathrooms: 1, capacity: 2, squareMeters: 32, scale: 0.55, weight: 14 },
	{
		kind: "apartment",
		label: "One-Bedroom Flat",
		bedrooms: 1,
		beds: 2,
		bathrooms: 1,
		capacity: 3,
		squareMeters: 55,
		scale: 0.75,
		weight: 26,
	},
	{
		kind: "apartment",
		label: "Two-Bedroom Condo",
		bedrooms: 2,
		beds: 3,
		bathrooms: 2,
		capacity: 5,
		squareMeters: 85,
		scale: 1,
		weight: 24,
	},
	{ kind: "apartment", label: "Penthouse", bedrooms: 3, beds: 3, bathrooms: 2, capacity: 6, squareMeters: 120, scale: 1.6, weight: 6 },
	{ kind: "house", label: "Beach Cottage", bedrooms: 2, beds: 3, bathrooms: 1, capacity: 5, squareMeters: 90, scale: 1.15, weight: 14 },
	{ kind: "house", label: "Family House", bedrooms: 3, beds: 4, bathrooms: 2, capacity: 8, squareMeters: 150, scale: 1.5, weight: 11 },
	{ kind: "house", label: "Seaview Villa", bedrooms: 4, beds: 5, bathrooms: 3, capacity: 10, squareMeters: 220, scale: 2.3, weight: 5 },
];

const APARTMENT_FEATURES = ["balcony", "sea view", "workspace", "rooftop", "elevator", "pool"];
const HOUSE_FEATURES = ["garden", "grill", "hot tub", "deck", "outdoor shower", "firepit"];
const TAGLINES = ["Steps to the Beach", "Sea Breeze", "Sunset Views", "Harbour Lights", "Quiet Retreat", "Walk to Everything"];

const KIND = {
	apartment: { propertyTypeId: 1, roomType: "entire_home", bookingcomRoomName: "Apartment" },
	house: { propertyTypeId: 2, roomType: "entire_home", bookingcomRoomName: "Holiday Home" },
} as const;

/** Rounds a price to what a host would type: whole hundreds of yen, whole units elsewhere, ending in 5 above 100. */
function hostPrice(amount: number, currencyCode: string): number {
	if (currencyCode === "JPY") return Math.round(amount / 100) * 100;
	return amount >= 100 ? Math.round(amount / 5) * 5 : Math.round(amount);
}

function postcodeTail(random: Random, digits: number): string {
	if (digits === 0) return `${random.int(1, 9)}${random.pick(["AB", "EH", "GN", "TR"])}`;
	return String(random.int(0, 10 ** digits - 1)).padStart(digits, "0");
}

/** `count` plans, dealt round the towns in turn so every town has its share. */
export function generatePropertyPlans(count: number, seed: number): PropertyPlan[] {
	const random = new Random(seed);
	return Array.from({ length: count }, (_, index) => {
		const town = TOWNS[index % TOWNS.length] as Town;
		const unitInTown = Math.floor(index / TOWNS.length) + 1;
		const layout = random.weighted(LAYOUTS.map((candidate) => [candidate, candidate.weight] as const));
		const neighbourhood = random.pick(town.neighbourhoods);
		const street = random.pick(town.streets);
		const houseNumber = String(random.int(2, 480));
		const features = [
			...new Set([
				random.pick(layout.kind === "house" ? HOUSE_FEATURES : APARTMENT_FEATURES),
				random.pick(["workspace", "beach", "bikes", "parking"]),
			]),
		];
		const unit = layout.kind === "apartment" ? ` #${random.int(1, 9)}${String.fromCharCode(65 + random.int(0, 5))}` : "";
		const jitter = 0.9 + random.next() * 0.25;
		const kind = KIND[layout.kind];
		// Fields one by one rather than a spread of `kind`: V8 builds 500 such objects several times faster.
		return {
			propertyTypeId: kind.propertyTypeId,
			roomType: kind.roomType,
			bookingcomRoomName: kind.bookingcomRoomName,
			country: town.country,
			countryCode: town.countryCode,
			currencyCode: town.currencyCode,
			language: town.language,
			// The unit number keeps names unique, as real portfolios number their look-alike units.
			name: `${neighbourhood} ${layout.label} ${unitInTown} | ${random.pick(TAGLINES)}`,
			internalName: `${houseNumber} ${street}${unit}`,
			street,
			houseNumber,
			city: town.city,
			state: town.state,
			zipcode: town.zipPrefix + postcodeTail(random, town.zipDigits),
			lat: Math.round((town.lat + (random.next() - 0.5) * 0.06) * 10_000) / 10_000,
			lng: Math.round((town.lng + (random.next() - 0.5) * 0.06) * 10_000) / 10_000,
			timeZoneName: town.timeZoneName,
			capacity: layout.capacity,
			bedrooms: layout.bedrooms,
			beds: layout.beds,
			bathrooms: layout.bathrooms,
			squareMeters: layout.squareMeters + random.int(-5, 10),
			price: hostPrice(town.basePrice * layout.scale * jitter, town.currencyCode),
			cleaningFee: hostPrice(town.baseCleaning * Math.sqrt(layout.scale), town.currencyCode),
			minNights: layout.kind === "house" ? random.pick([2, 3, 3, 4]) : random.pick([1, 2, 2, 3]),
			checkIn: random.pick([15, 15, 16]),
			checkOut: random.pick([10, 11, 11]),
			rentTax: town.rentTax,
			perPersonNightTax: town.perPersonNightTax,
			pets: random.chance(0.25),
			features,
		};
	});
}
