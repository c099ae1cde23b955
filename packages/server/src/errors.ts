/**
 * One error type for the whole server. Each code has an HTTP status and a message in zh-CN and
 * en-US; services throw `AppError`, the HTTP layer renders `{"error":{"code","message",…}}`.
 */
export const ERRORS = {
  VALIDATION_FAILED: { status: 400, zh: '输入无效：{detail}', en: 'Invalid input: {detail}' },
  USCC_INVALID: {
    status: 400,
    zh: '字段 {field}：统一社会信用代码无效（{problemZh}）',
    en: 'Field {field}: invalid unified social credit code ({problemEn})',
  },
  AUTH_REQUIRED: { status: 401, zh: '请先登录', en: 'Authentication required' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  AUTH_TOKEN_INVALID: {
    status: 401,
    zh: '登录已失效，请重新登录',
    en: 'Session expired or invalid; please log in again',
  },
  AUTH_ACCOUNT_LOCKED: {
    status: 429,
    zh: '密码错误次数过多，账号已锁定，请 {minutes} 分钟后再试',
    en: 'Too many wrong passwords; the account is locked, try again in {minutes} minutes',
  },
  RATE_LIMITED: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; please try again later' },
  /** Login by SMS code: QISU_SMS_PROVIDER is off (or no code template), so no code can be sent. */
  AUTH_SMS_LOGIN_DISABLED: {
    status: 403,
    zh: '本平台未开通短信验证码登录，请使用用户名和密码登录',
    en: 'Login by SMS code is not enabled here; log in with your username and password',
  },
  /** Login by SMS code: the code is wrong, expired or used, or the mobile has no account (not said which). */
  AUTH_SMS_CODE_INVALID: {
    status: 401,
    zh: '验证码错误或已失效，请重新获取',
    en: 'The code is wrong or no longer valid; ask for a new one',
  },
  /** Login by SMS code: five wrong codes in a row lock the mobile for 15 minutes. */
  AUTH_SMS_CODE_LOCKED: {
    status: 429,
    zh: '验证码错误次数过多，该手机号已锁定，请 {minutes} 分钟后再试',
    en: 'Too many wrong codes; this mobile is locked, try again in {minutes} minutes',
  },
  /** Codes asked for too often: one a minute and five an hour per mobile, a limit per client address. */
  AUTH_SMS_CODE_TOO_OFTEN: {
    status: 429,
    zh: '获取验证码过于频繁，请 {seconds} 秒后再试',
    en: 'Codes are asked for too often; try again in {seconds} seconds',
  },
  FORBIDDEN: { status: 403, zh: '无权执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND: { status: 404, zh: '资源不存在', en: 'Not found' },
  CASE_NOT_FOUND: { status: 404, zh: '诉求不存在', en: 'Case not found' },
  /** A notification that does not exist or belongs to someone else. */
  NOTIFICATION_NOT_FOUND: { status: 404, zh: '通知不存在', en: 'Notification not found' },
  TRIAGE_TRAINING_RUNNING: {
    status: 409,
    zh: '本辖区的分类模型正在训练，请稍后再试',
    en: 'A category model of this jurisdiction is being trained; try again later',
  },
  TRIAGE_TOO_FEW_CASES: {
    status: 400,
    zh: '已研判并确认分类的诉求只有 {cases} 件、{labels} 个一级分类，至少需要两个分类',
    en: 'Only {cases} screened cases in {labels} top-level categories; training needs at least two categories',
  },
  VIEW_NAME_TAKEN: { status: 409, zh: '已有名为「{name}」的筛选', en: 'You already have a view named “{name}”' },
  VIEW_LIMIT: { status: 409, zh: '最多保存 {max} 个筛选', en: 'You can keep at most {max} views' },
  CASE_ILLEGAL_TRANSITION: {
    status: 409,
    zh: '诉求当前状态为「{statusZh}」，不能执行「{command}」',
    en: 'The case is "{statusEn}"; "{command}" is not allowed now',
  },
  HANDUP_NO_PARENT: {
    status: 400,
    zh: '本辖区在平台上没有上级辖区，无法上报；请联系上级平台或线下报送',
    en: 'No jurisdiction above this one runs on the platform; the case cannot be handed up here',
  },
  EXTENSION_NOT_PENDING: {
    status: 409,
    zh: '没有待审批的延期申请',
    en: 'There is no pending extension request',
  },
  EXTENSION_ALREADY_PENDING: {
    status: 409,
    zh: '已有待审批的延期申请',
    en: 'An extension request is already pending',
  },
  ASSIGNMENT_STATE: {
    status: 409,
    zh: '本单位的交办当前为「{assignmentStatus}」，不能执行「{command}」',
    en: 'Your unit\'s assignment is "{assignmentStatus}"; "{command}" is not allowed now',
  },
  CONFLICT: { status: 409, zh: '数据冲突：{detail}', en: 'Conflict: {detail}' },
  COORDINATION_REQUIRED: {
    status: 403,
    zh: '复杂诉求须经研判协调小组（分管领导）交办',
    en: 'Complex cases are dispatched by the coordination group (leader)',
  },
  REVIEW_FORM_REQUIRED: {
    status: 409,
    zh: '须先由承办单位主要负责人提交《不满意诉求审核反馈表》',
    en: 'The lead unit’s head must first submit the review form',
  },
  REVISIT_REQUIRED: { status: 409, zh: '销号前须先回访企业', en: 'The enterprise must be revisited before closing' },
  PLAN_INCOMPLETE: {
    status: 409,
    zh: '解决方案尚有未完成节点：{milestones}',
    en: 'The solution plan still has open milestones: {milestones}',
  },
  UNSATISFIED_CLOSE_NOT_ALLOWED: {
    status: 409,
    zh: '只有已评价满意的诉求可以销号；不满意件须按本辖区规定满 {after} 轮（现为 {rounds} 轮）后由营商办说明理由销号',
    en: 'Only a case rated satisfied can be closed; an unsatisfied one only after {after} unsatisfied rounds (now {rounds}), with the reason',
  },
  SUPERVISION_NOT_OPEN: {
    status: 409,
    zh: '该诉求没有待答复的督办',
    en: 'The case has no supervision awaiting a response',
  },
  RATING_NOT_ON_SCALE: {
    status: 400,
    zh: '字段 score：评分 {score} 不在本辖区的评价等级中，可选 {scalesZh}',
    en: 'Field score: {score} is not on this jurisdiction’s rating scale; use {scalesEn}',
  },
  RANKING_SUBJECT_NOT_RANKED: {
    status: 400,
    zh: '本辖区的排名办法不对「{subjectZh}」排名（排名对象：{rankedZh}）',
    en: 'This jurisdiction’s ranking rule does not rank {subjectEn} (it ranks: {rankedEn})',
  },
  EXPORT_TOO_LARGE: {
    status: 400,
    zh: '符合条件的诉求有 {total} 件，超过单次导出上限 {limit} 件，请缩小筛选范围（如日期）后再导出',
    en: '{total} cases match, more than the {limit} one export holds; narrow the filters (e.g. the dates) and export again',
  },
  /** An import (Excel) with errors in its rows: the list names each row and column; nothing is written. */
  IMPORT_INVALID: {
    status: 400,
    zh: '表格中有 {count} 处错误，未导入任何数据；请按行号和列名改正后重新上传',
    en: 'The sheet has {count} errors; nothing was imported. Correct them by row and column and upload again',
  },
  /** An import whose file cannot be taken at all: not an .xlsx, no header, a required column missing, too many rows. */
  IMPORT_FILE_INVALID: {
    status: 400,
    zh: '无法导入：{reasonZh}',
    en: 'Cannot import: {reasonEn}',
  },
  IMPORT_FILE_TOO_LARGE: {
    status: 413,
    zh: '导入文件过大，不能超过 {limit}',
    en: 'The file to import is too large; it may be at most {limit}',
  },
  /** A valid import that failed while being written (e.g. a concurrent registration); everything is rolled back. */
  IMPORT_WRITE_FAILED: {
    status: 409,
    zh: '第 {row} 行写入时失败（{reasonZh}），已全部撤销，未导入任何数据',
    en: 'Row {row} failed while being written ({reasonEn}); everything was rolled back and nothing was imported',
  },
  PAYLOAD_TOO_LARGE: { status: 413, zh: '请求体过大', en: 'Request body too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, zh: '不支持的内容类型', en: 'Unsupported content type' },
  ATTACHMENT_NOT_FOUND: { status: 404, zh: '附件不存在', en: 'Attachment not found' },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    zh: '不允许上传此类文件（检测到的类型：{detectedZh}）；仅支持 JPG、PNG、WebP、GIF 图片，PDF，Word、Excel、PowerPoint 文档和 UTF-8 纯文本',
    en: 'This kind of file cannot be attached (detected: {detectedEn}); allowed are JPG, PNG, WebP and GIF images, PDF, Word, Excel and PowerPoint documents, and UTF-8 plain text',
  },
  ATTACHMENT_TOO_LARGE: {
    status: 413,
    zh: '文件过大，单个附件不能超过 {limit}',
    en: 'The file is too large; an attachment may be at most {limit}',
  },
  ATTACHMENT_LIMIT: {
    status: 409,
    zh: '每件诉求最多 {max} 个附件，已达上限',
    en: 'A case may have at most {max} attachments; the limit is reached',
  },
  ATTACHMENT_CASE_FINISHED: {
    status: 409,
    zh: '诉求当前状态为「{statusZh}」，已不能再添加附件',
    en: 'The case is "{statusEn}"; attachments can no longer be added',
  },
  POLICY_NOT_FOUND: { status: 404, zh: '政策文件不存在', en: 'Policy document not found' },
  /** A policy with applications: what was decided and paid stays on record. */
  POLICY_HAS_APPLICATIONS: {
    status: 409,
    zh: '该政策已有企业申请，不能删除',
    en: 'Enterprises have applied for this policy; it cannot be deleted',
  },
  /** 免申即享 is granted only for a policy marked so. */
  POLICY_NOT_AUTOMATIC: {
    status: 409,
    zh: '该政策不是免申即享政策',
    en: 'This policy is not granted without applying',
  },
  /** An application for a policy that is not applied for online (or is granted automatically). */
  POLICY_NOT_ONLINE: {
    status: 409,
    zh: '该政策不支持在线申报',
    en: 'This policy is not applied for online',
  },
  /** An application for a policy the enterprise's ledger entry does not meet. */
  POLICY_NOT_FOR_ENTERPRISE: {
    status: 409,
    zh: '贵企业不在该政策的适用范围内',
    en: 'Your enterprise is not among those this policy is for',
  },
  POLICY_APPLICATION_NOT_FOUND: { status: 404, zh: '政策申请不存在', en: 'Policy application not found' },
  /** A second application of an enterprise for a policy while its first is open. */
  POLICY_APPLICATION_OPEN: {
    status: 409,
    zh: '贵企业已申请该政策，正在审核中',
    en: 'Your enterprise has already applied for this policy; it is being decided',
  },
  /** Decide or pay in a state that does not allow it; the body carries `currentStatus`. */
  POLICY_APPLICATION_ILLEGAL_TRANSITION: {
    status: 409,
    zh: '政策申请当前状态为「{statusZh}」，不能{command}',
    en: 'The application is "{statusEn}"; it cannot be {command} now',
  },
  POLICY_FILE_TOO_LARGE: {
    status: 413,
    zh: '政策文件过大，不能超过 {limit}',
    en: 'The policy file is too large; it may be at most {limit}',
  },
  QUESTIONNAIRE_NOT_FOUND: { status: 404, zh: '问卷不存在', en: 'Questionnaire not found' },
  /** An enterprise answers a questionnaire once. */
  QUESTIONNAIRE_ANSWERED: {
    status: 409,
    zh: '贵企业已填写过该问卷，感谢您的评价',
    en: 'Your enterprise has already answered this questionnaire; thank you',
  },
  /** A weekly 问题台账 is a unit's: a liaison who belongs to no unit has none to send. */
  SOLICITATION_LEDGER_NO_UNIT: {
    status: 409,
    zh: '您的账号未归属任何镇街或单位，无法报送问题台账，请联系管理员设置所属单位',
    en: 'Your account belongs to no unit, so it has no weekly ledger to send; ask the administrator to set your unit',
  },
  LIBRARY_ENTRY_NOT_FOUND: { status: 404, zh: '经验库条目不存在', en: 'Experience library entry not found' },
  /** Only a closed case (已销号) is distilled into the experience library; the body carries `currentStatus`. */
  LIBRARY_CASE_NOT_CLOSED: {
    status: 409,
    zh: '只有已销号的诉求才能纳入经验库，该诉求当前状态为「{statusZh}」',
    en: 'Only a closed case can enter the experience library; this case is "{statusEn}"',
  },
  /** One entry per case: the hub edits the existing entry instead. */
  LIBRARY_ENTRY_EXISTS: {
    status: 409,
    zh: '该诉求已纳入经验库，请编辑已有条目',
    en: 'This case is already in the experience library; edit its entry instead',
  },
  SERVICE_ITEM_NOT_FOUND: { status: 404, zh: '服务事项不存在', en: 'Service item not found' },
  SERVICE_BUNDLE_NOT_FOUND: { status: 404, zh: '“一件事”不存在', en: 'Service bundle not found' },
  /** An item or bundle taken off the catalogue is no longer requested. */
  SERVICE_ITEM_INACTIVE: {
    status: 409,
    zh: '该服务事项已下架，暂不受理申请',
    en: 'This item is no longer offered; it cannot be requested',
  },
  /** Same name twice in one catalogue (or two bundles of one name). */
  SERVICE_ITEM_EXISTS: {
    status: 409,
    zh: '同一清单中已有同名事项',
    en: 'An item of that name is already in this catalogue',
  },
  SERVICE_BUNDLE_EXISTS: {
    status: 409,
    zh: '已有同名的“一件事”',
    en: 'A bundle of that name already exists',
  },
  /** An item whose provider was deactivated cannot be routed until the catalogue names another. */
  SERVICE_PROVIDER_INACTIVE: {
    status: 409,
    zh: '该事项的提供单位已停用，暂不能受理，请联系营商服务中心',
    en: 'The provider of this item is no longer active; contact the service centre',
  },
  /** The jurisdiction has no 兜底办 unit: the hub dispatches the case to a unit of its choice instead. */
  FALLBACK_UNIT_MISSING: {
    status: 409,
    zh: '本辖区未设立兜底办，请直接交办承办单位',
    en: 'This jurisdiction has no fallback office (兜底办); dispatch the case to a unit instead',
  },
  HOTSPOT_NOT_FOUND: { status: 404, zh: '热点不存在', en: 'Hotspot not found' },
  HOTSPOT_RESOLVED: {
    status: 409,
    zh: '该热点已办结，不能再变更',
    en: 'The hotspot is resolved and can no longer be changed',
  },
  /** A backup file that is not one, is cut short, or whose content no longer matches its checksums. */
  BACKUP_INVALID: {
    status: 400,
    zh: '备份文件无效或已损坏：{detailZh}',
    en: 'The backup file is invalid or damaged: {detailEn}',
  },
  /** A restore only goes into a database (or data folder) that holds no data yet. */
  BACKUP_TARGET_NOT_EMPTY: {
    status: 409,
    zh: '目标数据库不是空的（{tables} 已有数据）；请恢复到新建的空数据库或空数据目录',
    en: 'The target database is not empty ({tables} hold rows); restore into a new, empty database or data folder',
  },
  /** The target's tables are at another migration than the backup's, or differ from them. */
  BACKUP_SCHEMA_MISMATCH: {
    status: 409,
    zh: '备份与目标数据库的结构不一致：{detailZh}',
    en: 'The backup and the target database differ in structure: {detailEn}',
  },
  /** Nothing to back up: no qisu database where one was expected. */
  BACKUP_NO_DATABASE: {
    status: 404,
    zh: '{where} 没有企诉数据库，无可备份',
    en: 'There is no qisu database at {where}; nothing to back up',
  },
  /** A stored personal value is encrypted under a key this process does not have (QISU_PII_KEYS). */
  PII_KEY_MISSING: {
    status: 500,
    zh: '个人信息密钥“{keyId}”未配置，无法解密；请将该密钥加回 QISU_PII_KEYS（或密钥文件）',
    en: 'The personal-data key "{keyId}" is not configured, so the value cannot be decrypted; add the key back to QISU_PII_KEYS (or the key file)',
  },
  /** A stored personal value fails authentication: altered, or another key under the same id. */
  PII_UNREADABLE: {
    status: 500,
    zh: '个人信息密文无法用密钥“{keyId}”解密（已被改动，或同一编号配置了另一把密钥）',
    en: 'A stored personal value does not decrypt under key "{keyId}" (it was altered, or another key has that id)',
  },
  /** Signed intake: no such key, or a key revoked. */
  INTAKE_KEY_UNKNOWN: {
    status: 401,
    zh: '接入密钥“{keyId}”不存在或已停用',
    en: 'The intake key "{keyId}" does not exist or is revoked',
  },
  /** Signed intake: the signature does not match the timestamp and body. */
  INTAKE_SIGNATURE_INVALID: {
    status: 401,
    zh: '签名无效：应为密钥对“时间戳.请求体”的 HMAC-SHA256（十六进制）',
    en: 'Invalid signature: expected the hex HMAC-SHA256 of "<timestamp>.<body>" with the key’s secret',
  },
  /** Signed intake: the timestamp is missing or more than the window away from the server's clock. */
  INTAKE_TIMESTAMP_OUT_OF_WINDOW: {
    status: 401,
    zh: '时间戳无效或与服务器时间相差超过 {seconds} 秒',
    en: 'The timestamp is missing or more than {seconds} seconds from the server’s time',
  },
  /** Open311: no api_key, or one that is unknown or revoked (GeoReport v2 answers 403). */
  OPEN311_API_KEY_INVALID: {
    status: 403,
    zh: 'api_key 缺失、无效或已停用',
    en: 'api_key is missing, invalid or revoked',
  },
  /** Open311: the api_key belongs to another jurisdiction than the jurisdiction_id sent. */
  OPEN311_API_KEY_OTHER_JURISDICTION: {
    status: 403,
    zh: 'api_key 不属于辖区 {code}',
    en: 'the api_key does not belong to jurisdiction {code}',
  },
  /** Open311: several jurisdictions are hosted and the request names none. */
  OPEN311_JURISDICTION_REQUIRED: {
    status: 400,
    zh: '缺少 jurisdiction_id（本平台有多个辖区：{codes}）',
    en: 'jurisdiction_id is required (this server hosts several: {codes})',
  },
  /** Open311: no jurisdiction has the code sent as jurisdiction_id. */
  OPEN311_JURISDICTION_UNKNOWN: {
    status: 404,
    zh: '辖区 {code} 不存在',
    en: 'jurisdiction_id {code} was not found',
  },
  /** Open311: the jurisdiction has no service (leaf category) with this code. */
  OPEN311_SERVICE_UNKNOWN: {
    status: 404,
    zh: '服务 {code} 不存在',
    en: 'service_code {code} was not found',
  },
  /** Open311: no request of the jurisdiction filed through Open311 has this id. */
  OPEN311_REQUEST_NOT_FOUND: {
    status: 404,
    zh: '诉求 {id} 不存在',
    en: 'service_request_id {id} was not found',
  },
  /** Open311: no request of the jurisdiction has this token. */
  OPEN311_TOKEN_NOT_FOUND: {
    status: 404,
    zh: '凭据 {token} 不存在',
    en: 'token {token} was not found',
  },
  /** Open311 clients: no client of the admin's jurisdiction has this id. */
  OPEN311_CLIENT_NOT_FOUND: { status: 404, zh: 'Open311 客户端不存在', en: 'Open311 client not found' },
  INTERNAL: { status: 500, zh: '服务器内部错误，请稍后再试', en: 'Internal server error; please try again later' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

export type Lang = 'zh' | 'en';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: Record<string, string | number>;
  /** Extra members of the error body (e.g. `field`, `currentStatus`). */
  readonly extra: Record<string, unknown>;

  constructor(code: ErrorCode, params: Record<string, string | number> = {}, extra: Record<string, unknown> = {}) {
    super(`${code} ${JSON.stringify(params)}`);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.extra = extra;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

export function errorMessage(code: ErrorCode, lang: Lang, params: Record<string, string | number> = {}): string {
  const template = ERRORS[code][lang];
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

/** zh-CN unless the client prefers English (`Accept-Language: en…` ranked before any zh). */
export function pickLang(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => x.tag !== '' && !Number.isNaN(x.q))
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('en')) return 'en';
    if (tag.startsWith('zh')) return 'zh';
  }
  return 'zh';
}

/** A 400 naming the offending field, with its reason in both languages. */
export function invalidField(field: string, zh: string, en: string): AppError {
  return new AppError('VALIDATION_FAILED', { detail: field }, { field, detailZh: zh, detailEn: en });
}

/** A 400 for a multipart body the parser cannot read: unclosed, another boundary, broken part headers. */
export function malformedForm(): AppError {
  return invalidField(
    'file',
    '表单数据无法读取（multipart/form-data 不完整或分隔符不符）',
    'the multipart/form-data body cannot be read (incomplete, or its boundary does not match)',
  );
}
