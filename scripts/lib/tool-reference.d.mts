import type { z } from "zod";

export const TOOL_REFERENCE_PATH: string;

export interface ReferencedOperation {
	name: string;
	title: string;
	description: string;
	input: z.ZodType;
	output: z.ZodType;
	annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean };
}

/** docs/tools.md for these operations, formatted with Prettier (the options that apply to `prettierConfigFile`). */
export function renderToolReference(operations: readonly ReferencedOperation[], options?: { prettierConfigFile?: string }): Promise<string>;
