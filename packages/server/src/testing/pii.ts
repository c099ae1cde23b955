import { PiiKeyring } from '../pii/pii.keyring.js';

/** The fixed personal-data key of every test (`QISU_PII_KEYS` form), never read from the environment. */
export const TEST_PII_KEYS = `test1:${Buffer.alloc(32, 7).toString('base64')}`;

/** The keyring of the tests, built from `TEST_PII_KEYS`; fixtures store mobiles encrypted under it. */
export const TEST_PII = PiiKeyring.fromText(TEST_PII_KEYS);
