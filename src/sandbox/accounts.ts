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

/** Listings of each of the two small generated accounts (100004, 100005). */
const SMALL_GENERATED_LISTINGS = 12;

const generatedPlans = new Map<number, readonly PropertyPlan[]>();
/** An account's generated plans, made when it is first seeded rather than whenever the sandbox is imported. */
function generatedPortfolioPlans(count: number, seed: number): readonly PropertyPlan[] {
	let plans = generatedPlans.get(seed);
	if (!plans) {
		plans = generatePropertyPlans(count, seed);
		generatedPlans.set(seed, plans);
	}
	return plans;
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
			return generatedPortfolioPlans(LARGE_PORTFOLIO_LISTINGS, 100003);
		},
		seed: 100003,
		// Each range starts above everything the other accounts' seeds reach.
		idBase: { listing: 620000, reservation: 300000000, conversation: 340000000, message: 1200000000, misc: 80000000 },
		stayHorizonDays: 45,
	},
	// Two more small tenants, generated: five accounts at once is what a multi-tenant load test
	// needs (npm run bench's tenants phase); nothing else depends on them.
	{
		accountId: "100004",
		apiKey: "sandbox-demo-key-100004",
		companyName: "Bayside Lettings",
		hostFirstName: "Priya",
		hostLastName: "Okafor",
		hostPhone: "+1 (555) 010-4404",
		get properties() {
			return generatedPortfolioPlans(SMALL_GENERATED_LISTINGS, 100004);
		},
		seed: 100004,
		// Above 100003's ranges, and apart from 100005's.
		idBase: { listing: 700000, reservation: 400000000, conversation: 440000000, message: 1300000000, misc: 90000000 },
	},
	{
		accountId: "100005",
		apiKey: "sandbox-demo-key-100005",
		companyName: "Summit Lodges",
		hostFirstName: "Jonas",
		hostLastName: "Reyes",
		hostPhone: "+1 (555) 010-5505",
		get properties() {
			return generatedPortfolioPlans(SMALL_GENERATED_LISTINGS, 100005);
		},
		seed: 100005,
		idBase: { listing: 720000, reservation: 420000000, conversation: 460000000, message: 1350000000, misc: 94000000 },
	},
];

export function findAccount(accountId: string): SandboxAccount | undefined {
	return SANDBOX_ACCOUNTS.find((account) => account.accountId === accountId);
}

/** Durable Object instance names: one per account, plus the reserved control instance. */
export const CONTROL_INSTANCE_NAME = "sandbox-control";
export const accountInstanceName = (accountId: string): string => `account:${accountId}`;
