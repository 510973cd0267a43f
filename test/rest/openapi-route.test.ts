/**
 * The Worker serves the OpenAPI document at /openapi.json and Scalar's reference page at /docs,
 * without an API key (they describe the API, they reach no data). The document itself is
 * validated in openapi.unit.test.ts; here: it is served, names this server, lists every route;
 * the page loads its script only by the nonce its Content-Security-Policy allows.
 */
import { describe, expect, it } from "vitest";
import { openApiPath, restRoutes } from "../../src/rest/routes";
import { WORKER_ORIGIN, workerFetch } from "../helpers/mcp-client";

describe("/openapi.json and /docs", () => {
	it("serve the document, with every route, for this server", async () => {
		const response = await workerFetch(`${WORKER_ORIGIN}/openapi.json`);
		expect(response.status).toBe(200);
		const document = (await response.json()) as {
			openapi: string;
			servers: { url: string }[];
			paths: Record<string, Record<string, unknown>>;
		};
		expect(document.openapi).toBe("3.1.0");
		expect(document.servers[0]?.url).toBe(WORKER_ORIGIN);
		for (const route of restRoutes)
			expect(document.paths[openApiPath(route)]?.[route.method], `${route.method} ${route.path}`).toBeDefined();
	});

	it("serve a reference page whose scripts run only by the policy's nonce", async () => {
		const response = await workerFetch(`${WORKER_ORIGIN}/docs`);
		expect(response.status).toBe(200);
		expect(response.headers.get("Content-Type")).toContain("text/html");
		const policy = response.headers.get("Content-Security-Policy") ?? "";
		const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
		expect(nonce).toBeDefined();
		expect(policy).toContain("default-src 'none'");
		const html = await response.text();
		expect(html).toContain("/openapi.json");
		const scripts = html.match(/<script\b[^>]*>/g) ?? [];
		expect(scripts.length).toBeGreaterThan(0);
		for (const script of scripts) expect(script).toContain(`nonce="${nonce}"`);
	});
});
