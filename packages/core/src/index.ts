export * from './roles.js';
export * from './permissions.js';
export * from './case-status.js';
export * from './case-commands.js';
export * from './case-replay.js';
export * from './uscc.js';
export * from './mask.js';
export * from './password-rule.js';
export * from './hash-chain.js';
export * from './case-number.js';
export * from './calendar.js';
export * from './profile.js';
export * from './clock-rules.js';
export * from './card-rules.js';
export * from './discipline-rules.js';
export * from './rating-rules.js';

export * from './notification-rules.js';
