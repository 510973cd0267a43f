export const LIST_TOOLS: string[];
export function toolsListSizes(listed: {
	tools: { name: string; description?: string; inputSchema?: unknown; outputSchema?: unknown }[];
}): {
	tools: { tool: string; descriptionChars: number; inputSchemaChars: number; outputSchemaChars: number; chars: number; tokens: number }[];
	totalChars: number;
	totalTokens: number;
};
export function resultSizes(
	rows: { tool: string; kind: string; context: { textChars: number; structuredChars: number; rawChars: number | null } | null }[],
): {
	tool: string;
	kind: string;
	textChars: number | null;
	textTokens: number | null;
	structuredChars: number | null;
	rawChars: number | null;
	rawTokens: number | null;
	textShareOfRaw: number | null;
	isList: boolean;
}[];
