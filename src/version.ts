import packageJson from "../package.json";

/** The server's version, as published in package.json. */
export const SERVER_VERSION: string = packageJson.version;
export const SERVER_NAME = "hostaway-mcp";
