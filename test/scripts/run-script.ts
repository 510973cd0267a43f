/** Runs one of the operator commands in scripts/ as `npm run` would: plain Node, its own environment. */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const SCRIPTS_DIR = fileURLToPath(new URL("../../scripts/", import.meta.url));

export interface ScriptRun {
	status: number | null;
	stdout: string;
	stderr: string;
}

/** `env` replaces the environment entirely (PATH aside), so the developer's variables do not leak in. */
export function runScript(scriptPath: string, args: string[], env: Record<string, string> = {}): ScriptRun {
	const run = spawnSync(process.execPath, [scriptPath, ...args], {
		encoding: "utf8",
		// Cast: the Worker's generated types declare its variables on process.env as well.
		env: { PATH: process.env.PATH ?? "", ...env } as Partial<NodeJS.ProcessEnv> as NodeJS.ProcessEnv,
		timeout: 20_000,
	});
	return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
