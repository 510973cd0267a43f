/**
 * `npm run api-key` (scripts/api-key.mjs): a new random key printed once, with an MCP_API_KEYS
 * entry the server accepts and that matches the key; bad arguments refused by name.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config";
import { runScript, SCRIPTS_DIR } from "./run-script";

const SCRIPT = join(SCRIPTS_DIR, "api-key.mjs");

function makeKey(args: string[]): { key: string; entry: Record<string, unknown>; stdout: string } {
	const run = runScript(SCRIPT, args);
	expect(run.status, run.stderr).toBe(0);
	const lines = run.stdout.split("\n").map((line) => line.trim());
	const keys = lines.filter((line) => line.startsWith("hmcp_"));
	const entries = lines.filter((line) => line.startsWith("{"));
	expect(keys).toHaveLength(1);
	expect(entries).toHaveLength(1);
	return { key: keys[0] as string, entry: JSON.parse(entries[0] as string) as Record<string, unknown>, stdout: run.stdout };
}

describe("npm run api-key", () => {
	it("prints a new key once and the entry holding its SHA-256, which the server's configuration accepts", () => {
		const { key, entry, stdout } = makeKey(["--account", "0012345", "--access", "write", "--id", "claude-code.laptop_1"]);
		expect(key).toMatch(/^hmcp_[A-Za-z0-9_-]{43}$/);
		expect(stdout.split(key)).toHaveLength(2);
		expect(entry).toEqual({
			id: "claude-code.laptop_1",
			sha256: createHash("sha256").update(key).digest("hex"),
			accountId: "12345",
			access: "write",
		});
		expect(stdout).toContain("npx wrangler secret put MCP_API_KEYS");

		const config = parseConfig({ HOSTAWAY_BASE_URL: "sandbox", MCP_API_KEYS: JSON.stringify([entry]) });
		expect(config.apiKeys).toEqual([entry]);
	});

	it("makes a different key every time, so two entries can be valid at once for rotation", () => {
		const first = makeKey(["--account", "100001", "--access", "read", "--id", "ci-2027"]);
		const second = makeKey(["--account", "100001", "--access", "read", "--id", "ci-2028"]);
		expect(first.key).not.toBe(second.key);
		const config = parseConfig({ HOSTAWAY_BASE_URL: "sandbox", MCP_API_KEYS: JSON.stringify([first.entry, second.entry]) });
		expect(config.apiKeys.map((entry) => entry.id)).toEqual(["ci-2027", "ci-2028"]);
	});

	it("refuses bad or missing arguments with a non-zero exit and a message naming the argument", () => {
		const valid = { account: "100001", access: "read", id: "ci" };
		const cases: [Partial<typeof valid>, string][] = [
			[{ account: "12a45" }, "--account"],
			[{ account: "0" }, "--account"],
			[{ account: "1234567890123" }, "--account"],
			[{ access: "admin" }, "--access"],
			[{ id: "has space" }, "--id"],
			[{ id: "x".repeat(65) }, "--id"],
		];
		for (const [override, named] of cases) {
			const args = Object.entries({ ...valid, ...override }).flatMap(([name, value]) => [`--${name}`, value as string]);
			const run = runScript(SCRIPT, args);
			expect(run.status, JSON.stringify(override)).not.toBe(0);
			expect(run.stderr, JSON.stringify(override)).toContain(named);
			expect(run.stdout).not.toContain("hmcp_");
		}
		for (const missing of ["account", "access", "id"] as const) {
			const args = Object.entries(valid)
				.filter(([name]) => name !== missing)
				.flatMap(([name, value]) => [`--${name}`, value]);
			const run = runScript(SCRIPT, args);
			expect(run.status).not.toBe(0);
			expect(run.stderr).toContain(`--${missing} is required`);
		}
		const unknown = runScript(SCRIPT, ["--account", "100001", "--access", "read", "--id", "ci", "--acess", "write"]);
		expect(unknown.status).not.toBe(0);
		expect(unknown.stderr).toContain("--acess");
	});
});
