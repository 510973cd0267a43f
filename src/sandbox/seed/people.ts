/** Invented guest names and where they come from; e-mails use example.com. */
export interface GuestProfile {
	firstName: string;
	lastName: string;
	city: string;
	country: string;
	locale: string;
}

const GUESTS: readonly GuestProfile[] = [
	{ firstName: "Olivia", lastName: "Hartmann", city: "Denver", country: "US", locale: "en" },
	{ firstName: "Liam", lastName: "Okafor", city: "Atlanta", country: "US", locale: "en" },
	{ firstName: "Sofia", lastName: "Marchetti", city: "Milan", country: "IT", locale: "it" },
	{ firstName: "Noah", lastName: "Bergström", city: "Stockholm", country: "SE", locale: "sv" },
	{ firstName: "Emma", lastName: "Delacroix", city: "Lyon", country: "FR", locale: "fr" },
	{ firstName: "Lucas", lastName: "Fernández", city: "Madrid", country: "ES", locale: "es" },
	{ firstName: "Mia", lastName: "Schneider", city: "Hamburg", country: "DE", locale: "de" },
	{ firstName: "Ethan", lastName: "Nakamura", city: "Osaka", country: "JP", locale: "ja" },
	{ firstName: "Ava", lastName: "Whitfield", city: "Boston", country: "US", locale: "en" },
	{ firstName: "Mateo", lastName: "Alvarez", city: "Bogotá", country: "CO", locale: "es" },
	{ firstName: "Chloe", lastName: "Bennett", city: "Toronto", country: "CA", locale: "en" },
	{ firstName: "Jonas", lastName: "Vermeulen", city: "Antwerp", country: "BE", locale: "nl" },
	{ firstName: "Isabella", lastName: "Costa", city: "Porto", country: "PT", locale: "pt" },
	{ firstName: "Henry", lastName: "Ashworth", city: "Manchester", country: "GB", locale: "en" },
	{ firstName: "Amara", lastName: "Nwosu", city: "Houston", country: "US", locale: "en" },
	{ firstName: "Felix", lastName: "Wagner", city: "Vienna", country: "AT", locale: "de" },
	{ firstName: "Yuki", lastName: "Tanaka", city: "Yokohama", country: "JP", locale: "ja" },
	{ firstName: "Grace", lastName: "Mulligan", city: "Dublin", country: "IE", locale: "en" },
	{ firstName: "Daniel", lastName: "Kowalski", city: "Kraków", country: "PL", locale: "pl" },
	{ firstName: "Zoe", lastName: "Papadopoulos", city: "Athens", country: "GR", locale: "el" },
	{ firstName: "Samuel", lastName: "Reyes", city: "San Antonio", country: "US", locale: "en" },
	{ firstName: "Hannah", lastName: "Lindqvist", city: "Gothenburg", country: "SE", locale: "sv" },
	{ firstName: "Arjun", lastName: "Mehta", city: "Chicago", country: "US", locale: "en" },
	{ firstName: "Clara", lastName: "Dubois", city: "Brussels", country: "BE", locale: "fr" },
	{ firstName: "Leo", lastName: "Rossi", city: "Turin", country: "IT", locale: "it" },
	{ firstName: "Nora", lastName: "Halvorsen", city: "Oslo", country: "NO", locale: "no" },
	{ firstName: "Kai", lastName: "Jensen", city: "Copenhagen", country: "DK", locale: "da" },
	{ firstName: "Priya", lastName: "Raman", city: "Seattle", country: "US", locale: "en" },
	{ firstName: "Oscar", lastName: "Lindberg", city: "Malmö", country: "SE", locale: "sv" },
	{ firstName: "Lena", lastName: "Hoffmann", city: "Munich", country: "DE", locale: "de" },
	{ firstName: "Marcus", lastName: "Greene", city: "Philadelphia", country: "US", locale: "en" },
	{ firstName: "Elena", lastName: "Petrova", city: "Sofia", country: "BG", locale: "bg" },
	{ firstName: "Hugo", lastName: "Laurent", city: "Bordeaux", country: "FR", locale: "fr" },
	{ firstName: "Ruby", lastName: "Fitzgerald", city: "Melbourne", country: "AU", locale: "en" },
	{ firstName: "Theo", lastName: "Vasquez", city: "Phoenix", country: "US", locale: "en" },
	{ firstName: "Ingrid", lastName: "Sørensen", city: "Aarhus", country: "DK", locale: "da" },
	{ firstName: "Caleb", lastName: "Morrison", city: "Portland", country: "US", locale: "en" },
	{ firstName: "Aiko", lastName: "Sato", city: "Sapporo", country: "JP", locale: "ja" },
	{ firstName: "Julian", lastName: "Brandt", city: "Zurich", country: "CH", locale: "de" },
	{ firstName: "Maya", lastName: "Goldberg", city: "San Francisco", country: "US", locale: "en" },
];

export function guestEmail(guest: GuestProfile, domain = "example.com"): string {
	const ascii = (text: string) =>
		text
			.normalize("NFD")
			.replace(/[^A-Za-z]/g, "")
			.toLowerCase();
	return `${ascii(guest.firstName)}.${ascii(guest.lastName)}@${domain}`;
}

export { GUESTS };
