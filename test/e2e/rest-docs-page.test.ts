/**
 * The REST API's reference page at /docs, in a real browser (Debian's Chromium) against a real
 * `wrangler dev`: with Scalar's script unreachable (the CDN is blocked here, as on an offline
 * network), the page still shows every route from the server's own index, with a link to the
 * OpenAPI document, and breaks no rule of its Content-Security-Policy.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";
import { startServerAndChromium } from "./chromium";

let server: Awaited<ReturnType<typeof startWranglerDev>> | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
	({ server, browser } = await startServerAndChromium());
});

afterAll(async () => {
	await Promise.all([browser?.close(), server?.stop()]);
});

describe("/docs without the CDN", () => {
	it("shows every REST route, its inputs and the link to /openapi.json", async () => {
		if (!browser || !server) throw new Error("the browser or the server did not start");
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			const violations: string[] = [];
			page.on("console", (message) => {
				if (/Content Security Policy/i.test(message.text()) && !/cdn\.jsdelivr\.net/.test(message.text())) violations.push(message.text());
			});
			await page.route("https://cdn.jsdelivr.net/**", (route) => route.abort());
			const response = await page.goto(`${server.url}/docs`);
			expect(response?.status()).toBe(200);

			// The routes, as the OpenAPI document lists them: the page's index must name each one.
			const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
			const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
				Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
			);
			expect(routes.length).toBeGreaterThan(15);
			const headings = await page.locator("#app h2").allInnerTexts();
			expect(headings.sort()).toEqual(routes.sort());
			await expect(page.getByText("listingId").first().isVisible()).resolves.toBe(true);
			expect(await page.locator('#app a[href="/openapi.json"]').count()).toBe(1);
			expect(violations).toEqual([]);
		} finally {
			await context.close();
		}
	});
});
