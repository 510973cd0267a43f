/**
 * The price of a stay, from the calendar's nightly prices and the listing's fees and taxes:
 * what `POST /listings/{id}/calendar/priceDetails` answers and what seeded and created
 * reservations cost. Component names follow Hostaway's finance-field names.
 */
import { roundMoney } from "./pricing";

export interface QuoteListing {
	cleaningFee: number;
	guestsIncluded: number;
	priceForExtraPerson: number;
	weeklyDiscount: number;
	monthlyDiscount: number;
	propertyRentTax: number;
	guestPerPersonPerNightTax: number;
	guestStayTax: number;
	guestNightlyTax: number;
}

export interface QuoteComponent {
	type: "price" | "fee" | "tax" | "discount";
	name: string;
	title: string;
	total: number;
}

export interface StayQuote {
	nights: number;
	rent: number;
	cleaningFee: number;
	taxAmount: number;
	totalPrice: number;
	components: QuoteComponent[];
}

export function quoteStay(listing: QuoteListing, nightlyPrices: readonly number[], guests: number, markup = 1): StayQuote {
	const nights = nightlyPrices.length;
	const baseRate = roundMoney(nightlyPrices.reduce((sum, price) => sum + price, 0) * markup);
	const components: QuoteComponent[] = [{ type: "price", name: "baseRate", title: "Base rate", total: baseRate }];

	const extraGuests = Math.max(0, guests - listing.guestsIncluded);
	if (extraGuests > 0 && listing.priceForExtraPerson > 0) {
		const total = roundMoney(extraGuests * listing.priceForExtraPerson * nights);
		components.push({ type: "fee", name: "additionalGuestFee", title: "Additional guest fee", total });
	}
	// Hostaway's weekly/monthly discounts are multipliers (0.9 = 10 % off) on the rent.
	if (nights >= 28 && listing.monthlyDiscount > 0 && listing.monthlyDiscount < 1) {
		components.push({
			type: "discount",
			name: "monthlyDiscount",
			title: "Monthly discount",
			total: -roundMoney(baseRate * (1 - listing.monthlyDiscount)),
		});
	} else if (nights >= 7 && listing.weeklyDiscount > 0 && listing.weeklyDiscount < 1) {
		components.push({
			type: "discount",
			name: "weeklyDiscount",
			title: "Weekly discount",
			total: -roundMoney(baseRate * (1 - listing.weeklyDiscount)),
		});
	}
	const rent = roundMoney(components.reduce((sum, component) => sum + component.total, 0));

	if (listing.cleaningFee > 0) {
		components.push({ type: "fee", name: "cleaningFee", title: "Cleaning fee", total: listing.cleaningFee });
	}
	const taxes: QuoteComponent[] = [];
	if (listing.propertyRentTax > 0) {
		taxes.push({ type: "tax", name: "lodgingTax", title: "Lodging tax", total: roundMoney((rent * listing.propertyRentTax) / 100) });
	}
	if (listing.guestPerPersonPerNightTax > 0) {
		taxes.push({
			type: "tax",
			name: "touristTax",
			title: "Tourist tax",
			total: roundMoney(listing.guestPerPersonPerNightTax * guests * nights),
		});
	}
	if (listing.guestNightlyTax > 0) {
		taxes.push({ type: "tax", name: "nightlyTax", title: "Nightly tax", total: roundMoney(listing.guestNightlyTax * nights) });
	}
	if (listing.guestStayTax > 0) {
		taxes.push({ type: "tax", name: "stayTax", title: "Stay tax", total: listing.guestStayTax });
	}
	components.push(...taxes);

	const taxAmount = roundMoney(taxes.reduce((sum, tax) => sum + tax.total, 0));
	const totalPrice = roundMoney(components.reduce((sum, component) => sum + component.total, 0));
	return { nights, rent, cleaningFee: listing.cleaningFee, taxAmount, totalPrice, components };
}
