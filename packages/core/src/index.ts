export * from './roles.js';
export * from './case-status.js';
export * from './case-commands.js';
export * from './uscc.js';
export * from './mask.js';
export * from './hash-chain.js';
export * from './case-number.js';
