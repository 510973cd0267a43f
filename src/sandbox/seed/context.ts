/**
 * What every seed step shares: the account, "today" (a UTC day number), the account's
 * random generator and its id sequences. Seeded datetimes are always before today 00:00 UTC,
 * so a portfolio seeded at any time of day is identical and never dated in the future.
 */
import type { SandboxAccount } from "../accounts";
import { formatDateTime, msOfDay } from "../wire/datetime";
import { Random } from "./random";

type IdKind = keyof SandboxAccount["idBase"];

/** How far before and after today stays are seeded, unless the account sets a shorter span. */
const DEFAULT_HORIZON_DAYS = 183;

export class SeedContext {
	readonly random: Random;
	private readonly nextIds: Record<IdKind, number>;

	constructor(
		readonly account: SandboxAccount,
		readonly today: number,
	) {
		this.random = new Random(account.seed);
		this.nextIds = { ...account.idBase };
	}

	/** Ids grow with small gaps, as they do in a real (shared) Hostaway database. */
	nextId(kind: IdKind, maxGap = 40): number {
		const id = this.nextIds[kind];
		this.nextIds[kind] = id + this.random.int(1, maxGap);
		return id;
	}

	/** Stays are seeded from this many days before today to as many after. */
	get horizonDays(): number {
		return this.account.stayHorizonDays ?? DEFAULT_HORIZON_DAYS;
	}

	/**
	 * The account's span of seeded time relative to the default six months: cancellations,
	 * inquiries and conversations thin out with it, so a shorter span keeps the status mix and
	 * the share of reservations with a conversation that the other accounts have.
	 */
	scaled(days: number): number {
		return Math.round((days * this.horizonDays) / DEFAULT_HORIZON_DAYS);
	}

	/**
	 * Whether to seed one of the records that thin out with a shorter span. Always true (and
	 * drawing nothing, so the default accounts' portfolios stay as they were) over the default span.
	 */
	keepOverSpan(): boolean {
		return this.horizonDays >= DEFAULT_HORIZON_DAYS || this.random.chance(this.horizonDays / DEFAULT_HORIZON_DAYS);
	}

	get accountIdNumber(): number {
		return Number(this.account.accountId);
	}

	/** A datetime on a day at a random time between the given hours, capped before today. */
	datetime(day: number, fromHour = 8, toHour = 21): string {
		const ms = msOfDay(day, this.random.int(fromHour, toHour - 1), this.random.int(0, 59), this.random.int(0, 59));
		return formatDateTime(Math.min(ms, this.latestMs));
	}

	/** The last moment a seeded event may carry: yesterday 23:59:59 UTC. */
	get latestMs(): number {
		return msOfDay(this.today) - 1000;
	}
}
