export const README_MARKER: string;
export function routesText(routes: Record<string, number> | undefined): string;
export function upstreamCostTable(
	rows: { tool: string; step: string; upstreamCold: number; upstreamWarm: number | null; coldRoutes: Record<string, number> }[],
): string;
export function readmeBlock(results: unknown): string;
export function benchmarkReport(results: unknown): string;
