/**
 * Where the sandbox answers: /sandbox/v1 and /sandbox/control on the Worker while the sandbox
 * is enabled (404 otherwise, like any unknown route), and any host through createSandboxFetch.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../../src/http/app";
import { createSandboxFetch } from "../../src/sandbox";
import { viaHttp } from "./helpers";

describe("sandbox routes", () => {
	it("answers 404 on /sandbox/* when the sandbox is off, as for any unknown route", async () => {
		const off = { ...env, SANDBOX_ENABLED: "false" };
		for (const path of ["/sandbox/v1/listings", "/sandbox/control/stats", "/sandbox/v1/accessTokens"]) {
			const response = await app.fetch(new Request(`http://localhost${path}`), off);
			expect(response.status, path).toBe(404);
			expect(await response.json()).toEqual({ error: "Not found" });
		}
		const unknown = await app.fetch(new Request("http://localhost/no-such-route"), off);
		expect(unknown.status).toBe(404);
	});

	it("serves the Hostaway API and the control API under /sandbox when on (dev configuration)", async () => {
		const api = await viaHttp("/v1/listings");
		expect(api.status).toBe(403);
		expect(await api.json()).toMatchObject({ status: "fail" });
		expect((await viaHttp("/control/stats")).status).toBe(200);
		expect((await app.fetch(new Request("http://localhost/sandbox/other"), env)).status).toBe(404);
	});

	it("serves any host in-process and refuses paths outside /v1 and /control", async () => {
		const sandboxFetch = createSandboxFetch(env);
		const response = await sandboxFetch("https://api.hostaway.com/v1/listings");
		expect(response.status).toBe(403);
		expect(response).toBeInstanceOf(Response);
		const request = new Request("https://sandbox.hostaway.invalid/control/stats");
		expect((await sandboxFetch(request)).status).toBe(200);
		await expect(sandboxFetch("https://sandbox.hostaway.invalid/health")).rejects.toThrow(TypeError);
	});
});
