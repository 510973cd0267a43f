/**
 * `npm run webhook-credentials` (scripts/webhook-credentials.mjs) prints exactly the credentials
 * the Worker expects (src/auth/webhook-credentials.ts), from WEBHOOK_SECRET in the environment
 * or in .dev.vars.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { webhookCredentialsFor } from "../../src/auth/webhook-credentials";
import { runScript, SCRIPTS_DIR } from "./run-script";

const SCRIPT = join(SCRIPTS_DIR, "webhook-credentials.mjs");
const SECRET = "a-webhook-secret-of-at-least-32-characters";

function printed(stdout: string): { url?: string; username?: string; password?: string } {
	const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(\\S+)\\s*$`, "m").exec(stdout)?.[1];
	return { url: field("URL"), username: field("Login"), password: field("Password") };
}

/** A copy of the script (and its helpers) in a repository of its own, so its .dev.vars is the test's. */
const copies: string[] = [];
function scriptInRepoWith(devVars: string | undefined): string {
	const root = mkdtempSync(join(tmpdir(), "webhook-credentials-"));
	copies.push(root);
	mkdirSync(join(root, "scripts", "lib"), { recursive: true });
	copyFileSync(SCRIPT, join(root, "scripts", "webhook-credentials.mjs"));
	copyFileSync(join(SCRIPTS_DIR, "lib", "cli.mjs"), join(root, "scripts", "lib", "cli.mjs"));
	if (devVars !== undefined) writeFileSync(join(root, ".dev.vars"), devVars);
	return join(root, "scripts", "webhook-credentials.mjs");
}
afterAll(() => {
	for (const root of copies) rmSync(root, { recursive: true, force: true });
});

describe("npm run webhook-credentials", () => {
	it("prints the tenant's login and password exactly as the Worker derives them, and the webhook URL", async () => {
		const run = runScript(SCRIPT, ["--account", "0100001", "--url", "https://hostaway-mcp.example.workers.dev/"], {
			WEBHOOK_SECRET: SECRET,
		});
		expect(run.status, run.stderr).toBe(0);
		const expected = await webhookCredentialsFor(SECRET, "100001");
		expect(printed(run.stdout)).toEqual({ url: "https://hostaway-mcp.example.workers.dev/webhooks/hostaway", ...expected });
		expect(expected.username).toBe("hostaway-100001");
		expect(run.stdout).not.toContain(SECRET);
	});

	it("gives every tenant its own password", async () => {
		const first = printed(runScript(SCRIPT, ["--account", "100001"], { WEBHOOK_SECRET: SECRET }).stdout);
		const second = printed(runScript(SCRIPT, ["--account", "100002"], { WEBHOOK_SECRET: SECRET }).stdout);
		expect(second.password).toBe((await webhookCredentialsFor(SECRET, "100002")).password);
		expect(second.password).not.toBe(first.password);
	});

	it("reads WEBHOOK_SECRET and PUBLIC_URL from .dev.vars in the repository root, trimmed as the Worker trims them", async () => {
		const script = scriptInRepoWith(
			`# local settings\nHOSTAWAY_BASE_URL=sandbox\nWEBHOOK_SECRET="  ${SECRET}  "\nPUBLIC_URL=http://localhost:9999\n`,
		);
		const run = runScript(script, ["--account", "100002"]);
		expect(run.status, run.stderr).toBe(0);
		expect(printed(run.stdout)).toEqual({
			url: "http://localhost:9999/webhooks/hostaway",
			...(await webhookCredentialsFor(SECRET, "100002")),
		});
	});

	it("defaults the URL to the local server", () => {
		const run = runScript(scriptInRepoWith(undefined), ["--account", "100001"], { WEBHOOK_SECRET: SECRET });
		expect(printed(run.stdout).url).toBe("http://localhost:8787/webhooks/hostaway");
	});

	it("names what is missing or wrong, and prints no credentials", () => {
		const withoutSecret = runScript(scriptInRepoWith(undefined), ["--account", "100001"]);
		expect(withoutSecret.status).not.toBe(0);
		expect(withoutSecret.stderr).toContain("WEBHOOK_SECRET");

		const shortSecret = runScript(SCRIPT, ["--account", "100001"], { WEBHOOK_SECRET: "too-short" });
		expect(shortSecret.status).not.toBe(0);
		expect(shortSecret.stderr).toContain("WEBHOOK_SECRET must be at least 32 characters");

		for (const args of [[], ["--account", "abc"], ["--account", "100001", "--url", "not a url"]]) {
			const run = runScript(SCRIPT, args, { WEBHOOK_SECRET: SECRET });
			expect(run.status, args.join(" ")).not.toBe(0);
			expect(run.stderr, args.join(" ")).toContain(args.includes("--url") ? "--url" : "--account");
			expect(run.stdout).not.toContain("Password");
		}
	});
});
