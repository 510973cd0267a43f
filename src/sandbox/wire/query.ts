/**
 * Reading Hostaway's query parameters. Unknown parameters are ignored (as Hostaway does);
 * a known parameter with a malformed value is refused with a message naming it.
 */
import { isValidDate } from "./datetime";
import { badRequest, type Page } from "./replies";

export class Query {
	private readonly params: URLSearchParams;

	constructor(entries: [string, string][]) {
		this.params = new URLSearchParams(entries);
	}

	/** The value, or undefined when absent or empty (`includeResources=` counts as absent). */
	string(name: string): string | undefined {
		const value = this.params.get(name);
		return value === null || value.trim() === "" ? undefined : value.trim();
	}

	int(name: string, options: { min?: number } = {}): number | undefined {
		const value = this.string(name);
		if (value === undefined) return undefined;
		if (!/^-?\d+$/.test(value)) throw badRequest(`${name} must be an integer`);
		const number = Number(value);
		if (options.min !== undefined && number < options.min) throw badRequest(`${name} must be at least ${options.min}`);
		return number;
	}

	/** 0/1 flags; `true`/`false` are accepted too, as Hostaway documents some flags as bool. */
	flag(name: string): boolean | undefined {
		const value = this.string(name);
		if (value === undefined) return undefined;
		if (value === "1" || value === "true") return true;
		if (value === "0" || value === "false") return false;
		throw badRequest(`${name} must be 0 or 1`);
	}

	date(name: string): string | undefined {
		const value = this.string(name);
		if (value === undefined) return undefined;
		if (!isValidDate(value)) throw badRequest(`${name} must be a date in YYYY-MM-DD format`);
		return value;
	}

	/** `limit` and `offset`; `defaultLimit` null means "all records" when no limit is sent. */
	page(defaultLimit: number | null): Page {
		const limit = this.int("limit", { min: 1 }) ?? defaultLimit;
		const offset = this.int("offset", { min: 0 }) ?? 0;
		return { limit, offset };
	}
}
