/**
 * Small helpers shared by the operator commands (`npm run api-key`, `npm run webhook-credentials`):
 * option parsing with errors that name the option, and the canonical form of a Hostaway account id.
 */
import { parseArgs } from "node:util";

/** Prints `<command>: <message>` and the usage to stderr, then exits with status 2. */
export function fail(command, message, usage) {
	console.error(`${command}: ${message}`);
	if (usage) console.error(`usage: ${usage}`);
	process.exit(2);
}

/** The string options of the command line; unknown options and stray arguments are errors naming them. */
export function parseOptions(command, usage, names) {
	try {
		const { values } = parseArgs({
			args: process.argv.slice(2),
			options: Object.fromEntries(names.map((name) => [name, { type: "string" }])),
			strict: true,
			allowPositionals: false,
		});
		return values;
	} catch (error) {
		return fail(command, error instanceof Error ? error.message : String(error), usage);
	}
}

/**
 * A Hostaway account id as the server stores it: digits without leading zeros ("012345" → "12345"),
 * as src/auth/session-props.ts canonicalTenantId does. Undefined when it is not one.
 */
export function canonicalAccountId(value) {
	const digits = String(value ?? "").trim();
	if (!/^\d{1,12}$/.test(digits)) return undefined;
	const canonical = digits.replace(/^0+/, "");
	return canonical === "" ? undefined : canonical;
}
