/**
 * Debian's Chromium driven by playwright-core, for the e2e tests of pages (playwright's own
 * browser download cannot reach the internet; `.ci/run` installs Debian's package). A test that
 * needs it fails, never skips, when it cannot start.
 */
import { chromium, type Browser } from "playwright-core";
import { startWranglerDev } from "../../scripts/lib/wrangler-dev.mjs";

type WranglerDev = Awaited<ReturnType<typeof startWranglerDev>>;

export const CHROMIUM = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
	try {
		return await chromium.launch({
			executablePath: CHROMIUM,
			args: [
				"--no-sandbox",
				"--disable-gpu",
				"--disable-quic",
				"--no-first-run",
				"--disable-background-networking",
				"--disable-component-update",
				"--disable-sync",
			],
		});
	} catch (error) {
		throw new Error(
			`Chromium could not be started from ${CHROMIUM}; the e2e tests of pages need it ` +
				`(Debian: apt-get install chromium; .ci/run installs it): ${error instanceof Error ? error.message : String(error)}`,
		);
	}
}

/**
 * A `wrangler dev` (sandbox) and Chromium, started together; if either fails, the other is
 * stopped and the failure thrown.
 */
export async function startServerAndChromium(): Promise<{ server: WranglerDev; browser: Browser }> {
	const [started, launched] = await Promise.allSettled([startWranglerDev(), launchChromium()]);
	if (started.status === "fulfilled" && launched.status === "fulfilled") return { server: started.value, browser: launched.value };
	await Promise.all([
		started.status === "fulfilled" ? started.value.stop() : undefined,
		launched.status === "fulfilled" ? launched.value.close() : undefined,
	]);
	throw launched.status === "rejected" ? launched.reason : (started as PromiseRejectedResult).reason;
}
