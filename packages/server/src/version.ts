/** The product version reported by /api/health and the CLI. */
export const VERSION = '0.1.0';
