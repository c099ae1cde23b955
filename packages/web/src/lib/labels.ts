import type { Lang } from '../i18n/i18n';

type Labels = Record<string, [zh: string, en: string]>;

export const STATUS_LABELS: Labels = {
  submitted: ['待受理', 'Submitted'],
  screening: ['研判中', 'Screening'],
  returned: ['已退回', 'Returned'],
  rejected: ['不予受理', 'Rejected'],
  merged: ['已合并', 'Merged'],
  answered: ['已答复', 'Answered'],
  dispatched: ['已交办', 'Dispatched'],
  signed: ['已签收', 'Signed'],
  contacted: ['已联系', 'Contacted'],
  feedback: ['已反馈', 'Initial feedback'],
  replied: ['已办结待评价', 'Replied'],
  rated: ['已评价', 'Rated'],
  redo: ['重办中', 'Redo'],
  review: ['审核中', 'Under review'],
  closed: ['已销号', 'Closed'],
};

export const STATUS_COLOURS: Record<string, string> = {
  submitted: 'blue',
  screening: 'geekblue',
  returned: 'orange',
  rejected: 'default',
  merged: 'default',
  answered: 'green',
  dispatched: 'cyan',
  signed: 'cyan',
  contacted: 'cyan',
  feedback: 'cyan',
  replied: 'purple',
  rated: 'purple',
  redo: 'volcano',
  review: 'magenta',
  closed: 'green',
};

export const KIND_LABELS: Labels = {
  consultation: ['咨询', 'Consultation'],
  help: ['求助', 'Request for help'],
  suggestion: ['建议', 'Suggestion'],
  complaint: ['投诉', 'Complaint'],
  report: ['举报', 'Report'],
};

export const CHANNEL_LABELS: Labels = {
  web: ['网页', 'Web'],
  mobile: ['移动端', 'Mobile'],
  qr: ['扫码', 'QR code'],
  phone: ['电话', 'Phone'],
  hotline12345: ['12345热线', '12345 hotline'],
  visit: ['走访', 'Visit'],
  liaison: ['联络员', 'Liaison'],
  city_platform: ['市级平台', 'City platform'],
  letter: ['来信', 'Letter'],
  other: ['其他', 'Other'],
};

export const COMPLEXITY_LABELS: Labels = {
  simple: ['简单', 'Simple'],
  general: ['一般', 'General'],
  complex: ['复杂', 'Complex'],
};

/** How a unit replied it resolved a case. */
export const RESULT_LABELS: Labels = {
  solved: ['已解决', 'Solved'],
  partly: ['部分解决', 'Partly solved'],
  unsolved: ['未解决', 'Not solved'],
};

export const MILESTONE_LABELS: Labels = {
  screening: ['研判交办', 'Screening'],
  contact: ['联系企业', 'Contact'],
  feedback: ['初步反馈', 'Initial feedback'],
  resolve: ['办结答复', 'Resolve'],
  revisit: ['回访', 'Revisit'],
  redo: ['重办', 'Redo'],
  review: ['审核', 'Review'],
  plan: ['方案节点', 'Plan milestone'],
  supervision: ['督办跟踪', 'Supervision follow-up'],
};

export const COMMAND_LABELS: Labels = {
  accept: ['受理', 'Accept'],
  reject: ['不予受理', 'Reject'],
  merge: ['合并', 'Merge'],
  answer: ['即时答复', 'Answer'],
  dispatch: ['交办', 'Dispatch'],
  sign: ['签收', 'Sign'],
  contact: ['联系企业', 'Record contact'],
  feedback: ['初步反馈', 'Initial feedback'],
  reply: ['办结答复', 'Reply'],
  return: ['退回', 'Return'],
  rate: ['评价', 'Rate'],
  revisit: ['回访', 'Revisit'],
  review: ['审核', 'Review'],
  close: ['销号', 'Close'],
  escalate: ['提级', 'Escalate'],
  extend: ['申请延期', 'Request extension'],
  'decide-extension': ['审批延期', 'Decide extension'],
  supervise: ['督办', 'Supervise'],
  plan: ['制定方案', 'File a plan'],
  'complete-milestone': ['完成节点', 'Complete milestone'],
  'review-form': ['提交审核反馈表', 'Submit review form'],
  appeal: ['申诉', 'Appeal'],
};

export const EVENT_LABELS: Labels = {
  created: ['提交诉求', 'Filed'],
  accepted: ['受理', 'Accepted'],
  rejected: ['不予受理', 'Rejected'],
  merged: ['合并', 'Merged'],
  answered: ['答复', 'Answered'],
  dispatched: ['交办', 'Dispatched'],
  signed: ['签收', 'Signed'],
  contacted: ['联系企业', 'Contacted'],
  feedback: ['初步反馈', 'Initial feedback'],
  replied: ['办结答复', 'Replied'],
  returned: ['退回', 'Returned'],
  appealed: ['企业申诉', 'Appealed by the enterprise'],
  attachment_added: ['上传附件', 'Attachment added'],
  rated: ['评价', 'Rated'],
  revisited: ['回访', 'Revisited'],
  reviewed: ['审核', 'Reviewed'],
  closed: ['销号', 'Closed'],
  escalated: ['提级', 'Escalated'],
  extension_requested: ['申请延期', 'Extension requested'],
  extension_decided: ['延期审批', 'Extension decided'],
  supervised: ['督办', 'Supervised'],
  planned: ['制定方案', 'Plan filed'],
  milestone_completed: ['完成方案节点', 'Milestone completed'],
  review_form_submitted: ['提交审核反馈表', 'Review form submitted'],
  clock_warned: ['临期预警', 'Due soon'],
  clock_breached: ['超时', 'Overdue'],
  card_issued: ['亮牌', 'Card issued'],
  handed_off: ['移交', 'Handed off'],
};

/** The label of a code in the user's language, or the code itself when unknown. */
export function label(table: Labels, code: string, lang: Lang): string {
  const entry = table[code];
  if (!entry) return code;
  return lang === 'en-US' ? entry[1] : entry[0];
}
