/**
 * The sandbox's Hostaway accounts. Each has its own API key, its own portfolio and its own
 * id ranges, so an id from one account never resolves in the other (tenant-isolation tests
 * rely on that).
 */
import { generatePropertyPlans } from "./seed/generated-properties";
import { HARBOR_AND_PINE, NORTHWIND, type PropertyPlan } from "./seed/properties";

export interface SandboxAccount {
	accountId: string;
	apiKey: string;
	/** The business shown in guest messages and listing contacts. */
	companyName: string;
	hostFirstName: string;
	hostLastName: string;
	hostPhone: string;
	properties: readonly PropertyPlan[];
	/** Seed of the account's random generator: the same portfolio on every reset. */
	seed: number;
	/** First ids of each record kind; ids grow from there with small random gaps. */
	idBase: { listing: number; reservation: number; conversation: number; message: number; misc: number };
	/**
	 * Stays are seeded this many days before and after today (default about six months). The
	 * large portfolio uses a shorter span, so that its thousands of reservations fit the
	 * sandbox's memory and seed quickly.
	 */
	stayHorizonDays?: number;
}

/** Listings of the large demo account (100003). */
const LARGE_PORTFOLIO_LISTINGS = 520;

let largePlans: readonly PropertyPlan[] | undefined;
/** The large account's plans, made when it is first seeded rather than whenever the sandbox is imported. */
function largePortfolioPlans(): readonly PropertyPlan[] {
	largePlans ??= generatePropertyPlans(LARGE_PORTFOLIO_LISTINGS, 100003);
	return largePlans;
}

export const SANDBOX_ACCOUNTS: readonly SandboxAccount[] = [
	{
		accountId: "100001",
		apiKey: "sandbox-demo-key-100001",
		companyName: "Harbor & Pine Stays",
		hostFirstName: "Maren",
		hostLastName: "Calloway",
		hostPhone: "+1 (555) 010-4410",
		properties: HARBOR_AND_PINE,
		seed: 100001,
		idBase: { listing: 310000, reservation: 41000000, conversation: 52000000, message: 610000000, misc: 70000000 },
	},
	{
		accountId: "100002",
		apiKey: "sandbox-demo-key-100002",
		companyName: "Northwind Rentals",
		hostFirstName: "Tobias",
		hostLastName: "Lindgren",
		hostPhone: "+1 (555) 010-8822",
		properties: NORTHWIND,
		seed: 100002,
		idBase: { listing: 470000, reservation: 83000000, conversation: 94000000, message: 870000000, misc: 76000000 },
	},
	{
		// The large portfolio, for behaviour that only shows at scale (paging, partial answers, rate limits).
		accountId: "100003",
		apiKey: "sandbox-demo-key-100003",
		companyName: "Coastline Collective",
		hostFirstName: "Ines",
		hostLastName: "Akerman",
		hostPhone: "+1 (555) 010-3303",
		get properties() {
			return largePortfolioPlans();
		},
		seed: 100003,
		// Each range starts above everything the other accounts' seeds reach.
		idBase: { listing: 620000, reservation: 300000000, conversation: 340000000, message: 1200000000, misc: 80000000 },
		stayHorizonDays: 45,
	},
];

export function findAccount(accountId: string): SandboxAccount | undefined {
	return SANDBOX_ACCOUNTS.find((account) => account.accountId === accountId);
}

/** Durable Object instance names: one per account, plus the reserved control instance. */
export const CONTROL_INSTANCE_NAME = "sandbox-control";
export const accountInstanceName = (accountId: string): string => `account:${accountId}`;
