/**
 * A misconfigured `wrangler dev` names the problem: SANDBOX_TODAY with a live Hostaway API is
 * answered with 503 "misconfigured", a message and a list naming the variable, never a stack
 * trace or a value.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";

describe("a configuration error", () => {
	let server: Awaited<ReturnType<typeof startWranglerDev>>;

	beforeAll(async () => {
		// Port 9 (discard) on loopback: a live-mode URL that is never called.
		server = await startWranglerDev({
			vars: { HOSTAWAY_BASE_URL: "http://127.0.0.1:9/v1", SANDBOX_TODAY: "2027-03-28", LOCAL_DEV_OPEN_ACCESS: "false" },
		});
	});
	afterAll(async () => {
		await server?.stop();
	});

	it("answers /health and /mcp with 503 misconfigured, naming SANDBOX_TODAY", async () => {
		for (const path of ["/health", "/mcp"]) {
			const response = await fetch(`${server.url}${path}`, { method: path === "/mcp" ? "POST" : "GET" });
			expect(response.status, path).toBe(503);
			const body = (await response.json()) as { status: string; error: string; problems: { variable: string }[] };
			expect(body.status).toBe("misconfigured");
			expect(body.problems.map((problem) => problem.variable)).toEqual(["SANDBOX_TODAY"]);
			expect(body.error).toContain("SANDBOX_TODAY");
			expect(body.error).toContain("live Hostaway API");
			expect(body.error).not.toContain("2027-03-28");
			expect(body.error).not.toMatch(/\bat .*\.ts:\d+/);
		}
	});
});
