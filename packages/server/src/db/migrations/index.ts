import type { Migration } from 'kysely';
import * as initial from './20261124_0001_initial.js';
import * as profilesClocks from './20261124_0002_profiles_clocks.js';
import * as reviewForms from './20261124_0003_review_forms.js';
import * as attachments from './20261124_0004_attachments.js';
import * as routingRules from './20261124_0005_routing_rules.js';
import * as savedViews from './20261124_0006_saved_views.js';
import * as triageModels from './20261124_0007_triage_models.js';
import * as caseFingerprints from './20261124_0008_case_fingerprints.js';
import * as policyLibrary from './20261124_0009_policy_library.js';
import * as hotspots from './20261124_0010_hotspots.js';
import * as jobsNotifications from './20261203_0011_jobs_notifications.js';
import * as cardReasonCodes from './20261203_0012_card_reason_codes.js';
import * as clockReferenceIndexes from './20261203_0013_clock_reference_indexes.js';
import * as chainAnchors from './20261203_0014_chain_anchors.js';
import * as disciplineReads from './20261203_0015_discipline_reads_red_and_unsatisfied.js';
import * as loginGuards from './20261203_0016_login_guards.js';
import * as piiEncryption from './20261203_0017_pii_encryption.js';
import * as supervisionResponses from './20261203_0018_supervision_deadlines_responses.js';
import * as caseTimes from './20261204_0019_case_times.js';
import * as kpiRollups from './20261204_0020_kpi_rollups.js';
import * as reportDocuments from './20261204_0021_report_documents.js';
import * as serviceReports from './20261204_0022_service_reports.js';
import * as intakeKeys from './20261204_0023_intake_keys.js';
import * as webhooks from './20261204_0026_webhooks.js';
import * as caseHandups from './20261204_0027_case_handups.js';
import * as open311Clients from './20261204_0024_open311_clients.js';
import * as smsWechatLogin from './20261204_0025_sms_wechat_login.js';
import * as intakeAttachmentFetches from './20261204_0028_intake_attachment_fetches.js';
import * as solicitations from './20261205_0029_solicitations.js';
import * as libraryEntries from './20261205_0030_library_entries.js';
import * as solicitationReports from './20261205_0035_solicitation_reports.js';
import * as questionnaires from './20261205_0036_questionnaires.js';
import * as policyPushApplications from './20261205_0031_policy_push_applications.js';
import * as activities from './20261205_0032_activities.js';
import * as serviceCatalogues from './20261205_0033_service_catalogues.js';
import * as ledgerGridsProjects from './20261205_0034_ledger_grids_projects.js';

/**
 * Forward-only migrations in the order they run. Names are timestamped and say what they do;
 * each runs unchanged on PGlite and PostgreSQL.
 */
export const MIGRATIONS: Record<string, Migration> = {
  '20261124_0001_initial': initial,
  '20261124_0002_profiles_clocks': profilesClocks,
  '20261124_0003_review_forms': reviewForms,
  '20261124_0004_attachments': attachments,
  '20261124_0005_routing_rules': routingRules,
  '20261124_0006_saved_views': savedViews,
  '20261124_0007_triage_models': triageModels,
  '20261124_0008_case_fingerprints': caseFingerprints,
  '20261124_0009_policy_library': policyLibrary,
  '20261124_0010_hotspots': hotspots,
  '20261203_0011_jobs_notifications': jobsNotifications,
  '20261203_0012_card_reason_codes': cardReasonCodes,
  '20261203_0013_clock_reference_indexes': clockReferenceIndexes,
  '20261203_0014_chain_anchors': chainAnchors,
  '20261203_0015_discipline_reads_red_and_unsatisfied': disciplineReads,
  '20261203_0016_login_guards': loginGuards,
  '20261203_0017_pii_encryption': piiEncryption,
  '20261203_0018_supervision_deadlines_responses': supervisionResponses,
  '20261204_0019_case_times': caseTimes,
  '20261204_0020_kpi_rollups': kpiRollups,
  '20261204_0021_report_documents': reportDocuments,
  '20261204_0022_service_reports': serviceReports,
  '20261204_0023_intake_keys': intakeKeys,
  '20261204_0024_open311_clients': open311Clients,
  '20261204_0025_sms_wechat_login': smsWechatLogin,
  '20261204_0026_webhooks': webhooks,
  '20261204_0027_case_handups': caseHandups,
  '20261204_0028_intake_attachment_fetches': intakeAttachmentFetches,
  '20261205_0029_solicitations': solicitations,
  '20261205_0030_library_entries': libraryEntries,
  '20261205_0031_policy_push_applications': policyPushApplications,
  '20261205_0032_activities': activities,
  '20261205_0033_service_catalogues': serviceCatalogues,
  '20261205_0034_ledger_grids_projects': ledgerGridsProjects,
  '20261205_0035_solicitation_reports': solicitationReports,
  '20261205_0036_questionnaires': questionnaires,
};
