/** Server instructions sent at initialize: how the tools fit together, for the model. */
export const SERVER_INSTRUCTIONS = `This server runs a vacation-rental business through the Hostaway property-management API.
Start with \`whoami\` to learn which Hostaway account is connected, whether it is the sandbox (demo data) or the live API, and whether this session may make changes.`;
