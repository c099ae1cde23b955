export { loadEnv, testDatabaseUrl } from './env.js';
export type { Env } from './env.js';
export { openDatabase, migrateToLatest, DataDirBusyError } from './db/database.js';
export { AppError, errorMessage } from './errors.js';
export { attachmentRoot } from './attachments/attachments.storage.js';
export { inspectBackup, restoreBackup, writeBackup } from './backup/backup.service.js';
export type { BackupSummary, RestoreSummary } from './backup/backup.service.js';
export { fetchLocalBackup, LocalBackupRefused, readLocalServer } from './backup/backup.local.js';
export type { Db, Engine } from './db/database.js';
export { seedDemo, DEMO_USERS, hasDemoAccounts } from './demo/demo.service.js';
export { verifyChains } from './events/audit.service.js';
export type { ChainReport, ChainAnchor } from './events/audit.service.js';
export { anchorFileOf, currentChainHeads, parseAnchorFile } from './events/anchors.service.js';
export { buildApp } from './http/app.js';
export { openApiDocument } from './http/openapi-document.js';
export { startServer } from './server.js';
export type { RunningServer } from './server.js';
export { VERSION } from './version.js';
export { systemClock, ManualClock } from './clock.js';
export type { Clock } from './clock.js';
export { sweepDue } from './clocks/sweep.service.js';
export type { SweepResult } from './clocks/sweep.service.js';
export { calendarFor, hoursOf } from './calendar/calendar.service.js';
export { activeProfile } from './profiles/profiles.service.js';
export { presetProfiles, parseProfileText, defaultProfile } from './profiles/presets.js';
export {
  activeModel,
  casesTrainingSet,
  crossValidate,
  evaluateActive,
  trainAndActivate,
} from './triage/triage.service.js';
export { detectHotspots } from './hotspots/hotspots.service.js';
export type { DetectResult } from './hotspots/hotspots.service.js';
export { PiiKeyring, generatePiiKey } from './pii/pii.keyring.js';
export { channelConfigOf, channelProviders, smsCodeSender } from './outbox/channels.js';
export { dispatchOutbox } from './outbox/dispatch.service.js';
export { preparePii, sealStoredPii, PiiKeysRequiredError } from './pii/pii.service.js';
export type { SealReport } from './pii/pii.service.js';
export { returnHandupResults } from './handups/handups.service.js';
export { importAs } from './imports/imports.service.js';
export { IMPORT_KINDS } from './imports/imports.columns.js';
export type { ImportKind } from './imports/imports.columns.js';
export { addJurisdiction, listJurisdictions, setJurisdictionParent } from './jurisdictions/jurisdictions.service.js';
export type { AddedJurisdiction } from './jurisdictions/jurisdictions.service.js';
export { JURISDICTION_LEVELS } from './jurisdictions/jurisdictions.schemas.js';
export type { JurisdictionSummary, NewJurisdiction } from './jurisdictions/jurisdictions.schemas.js';
