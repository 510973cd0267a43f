export function freePort(): Promise<number>;
export function startWranglerDev(options?: {
	vars?: Record<string, string>;
	environment?: string;
	readyTimeoutMs?: number;
	bundle?: string;
}): Promise<{ url: string; port: number; output: () => string; stop: () => Promise<void> }>;
