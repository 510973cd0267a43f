/**
 * The 429's Retry-After and message (src/http/user-rate-limit.ts) state the limit configured
 * for the MCP_USER_RATE_LIMIT binding in wrangler.toml, in every environment.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MCP_USER_RATE_LIMIT_PERIOD_SECONDS, MCP_USER_RATE_LIMIT_REQUESTS } from "../../src/http/user-rate-limit";

/** The `[[…ratelimits]]` tables of wrangler.toml (no TOML parser is installed; this file's shape is simple). */
function rateLimitTables(toml: string): { table: string; name?: string; limit?: number; period?: number }[] {
	return toml
		.split(/^(?=\[)/m)
		.filter((section) => /^\[\[(?:env\.[\w-]+\.)?ratelimits\]\]/.test(section))
		.map((section) => ({
			table: section.split("\n")[0] as string,
			name: /^\s*name\s*=\s*"([^"]+)"/m.exec(section)?.[1],
			limit: Number(/\blimit\s*=\s*(\d+)/.exec(section)?.[1]),
			period: Number(/\bperiod\s*=\s*(\d+)/.exec(section)?.[1]),
		}));
}

describe("MCP_USER_RATE_LIMIT", () => {
	it("is configured in wrangler.toml with the limit and period the 429 answers state", () => {
		const tables = rateLimitTables(readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8")).filter(
			(table) => table.name === "MCP_USER_RATE_LIMIT",
		);
		expect(tables.map((table) => table.table)).toEqual(["[[ratelimits]]", "[[env.dev.ratelimits]]"]);
		for (const table of tables) {
			expect(table, table.table).toMatchObject({ limit: MCP_USER_RATE_LIMIT_REQUESTS, period: MCP_USER_RATE_LIMIT_PERIOD_SECONDS });
		}
	});
});
