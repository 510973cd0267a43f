/**
 * The committed tool reference (docs/tools.md) is what `npm run docs:tools` renders from the
 * registry today: an operation, input or output changed without regenerating it fails here.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderToolReference, TOOL_REFERENCE_PATH } from "../../scripts/lib/tool-reference.mjs";
import { operations } from "../../src/operations/registry";
import { runScript, SCRIPTS_DIR } from "./run-script";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
const COMMITTED = join(PROJECT_ROOT, TOOL_REFERENCE_PATH);
const render = () => renderToolReference(operations, { prettierConfigFile: COMMITTED });

describe("tool reference (docs/tools.md)", () => {
	it("is up to date with the registry: run `npm run docs:tools` and commit docs/tools.md when this fails", async () => {
		expect(readFileSync(COMMITTED, "utf8")).toBe(await render());
	});

	it("names every operation with its kind, and every field of its input and output", async () => {
		const reference = await render();
		for (const operation of operations) {
			const section = reference.split(`\n## ${operation.name}\n`)[1]?.split("\n## ")[0];
			expect(section, operation.name).toBeDefined();
			expect(section).toContain(operation.annotations.readOnlyHint ? "· read" : "· write");
			for (const field of [...Object.keys(operation.input.shape), ...Object.keys(operation.output.shape)]) {
				expect(section, `${operation.name}.${field}`).toMatch(new RegExp(`^\\| \`${field}\` +\\|`, "m"));
			}
		}
	});

	it("the command writes the same file Node renders here (it bundles the registry itself)", async () => {
		const dir = mkdtempSync(join(tmpdir(), "tool-reference-"));
		try {
			const out = join(dir, "tools.md");
			const run = runScript(join(SCRIPTS_DIR, "tool-reference.mjs"), ["--out", out]);
			expect(run.stderr).toBe("");
			expect(run.status).toBe(0);
			expect(readFileSync(out, "utf8")).toBe(await render());
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
