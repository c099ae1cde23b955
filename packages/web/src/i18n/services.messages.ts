import type { ServiceCatalogue, ServiceField } from '@qisu/core';
import { SERVICE_CATALOGUE_LABELS, SERVICE_CATALOGUES, SERVICE_FIELD_LABELS, SERVICE_FIELDS } from '@qisu/core';

/** Names of core's catalogues and fields, under `svcCat.<code>` and `svcField.<code>`. */
const labels = (lang: 'zh' | 'en') => ({
  ...(Object.fromEntries(SERVICE_CATALOGUES.map((c) => [`svcCat.${c}`, SERVICE_CATALOGUE_LABELS[c][lang]])) as Record<
    `svcCat.${ServiceCatalogue}`,
    string
  >),
  ...(Object.fromEntries(SERVICE_FIELDS.map((f) => [`svcField.${f}`, SERVICE_FIELD_LABELS[f][lang]])) as Record<
    `svcField.${ServiceField}`,
    string
  >),
});

/** Texts of the service catalogues (服务清单, 一件事, 帮办代办, 预约) and of the 兜底办, zh-CN first. */
const zhOwn = {
  svcMenu: '服务清单',
  svcTitle: '服务清单管理',
  svcIntro:
    '涉企事项清单与增值化服务清单的每个事项，企业可在手机端申请；申请即成为一件诉求，直接交提供单位办理。"一件事"由首个事项的提供单位牵头，其余协办。',
  svcItems: '事项',
  svcBundles: '“一件事”',
  svcAll: '全部',
  svcCatalogue: '清单',
  svcField: '服务领域',
  svcName: '事项名称',
  svcDescription: '服务内容',
  svcProvider: '提供单位',
  svcMaterials: '申请材料及办理方式',
  svcTimeLimit: '承诺时限',
  svcWorkingDays: '承诺工作日',
  svcWorkingDaysHint: '在本辖区"一般"诉求的时限区间内时，交办时按此选定办结时限',
  svcAssisted: '帮办代办',
  svcAppointment: '预约办理',
  svcActive: '上架',
  svcInactive: '已下架',
  svcSearch: '搜索事项名称、内容或提供单位',
  svcAdd: '新增事项',
  svcEdit: '编辑事项',
  svcAddBundle: '新增“一件事”',
  svcEditBundle: '编辑“一件事”',
  svcBundleName: '“一件事”名称',
  svcBundleItems: '所含事项（按办理顺序，首项提供单位牵头）',
  svcLead: '牵头',
  svcCo: '协办',
  svcSave: '保存',
  svcSaved: '已保存',
  svcEmpty: '暂无事项',
  svcYes: '可',
  svcActions: '操作',
  // Phone pages of the enterprise.
  svcMobNav: '服务',
  svcMobTitle: '服务清单',
  svcMobBundles: '“一件事”一次办',
  svcMobApply: '申请',
  svcMobApplyTitle: '在线申请',
  svcMobText: '需求说明',
  svcMobTextHint: '请说明要办理的事项、企业情况和希望得到的帮助',
  svcMobWantsAssistance: '需要帮办代办（工作人员全程代为办理）',
  svcMobAppointment: '预约办理日期',
  svcMobAppointmentHint: '可选；须为今后的工作日',
  svcMobSubmit: '提交申请',
  svcMobSubmitted: '已提交，诉求编号 {number}，已交 {unit} 办理',
  svcMobRouted: '提交后直接交 {unit} 办理',
  svcMobBundleRouted: '提交后由 {unit} 牵头，{co} 协办',
  svcMobNotFound: '该事项不存在或已下架',
  // The 兜底办 at screening.
  scrFallback: '转兜底办',
  scrFallbackHint: '无处受理、无先例、无牵头部门的事项交 {unit}；办结时限按复杂程度取本辖区规则。',
  scrFallbackTo: '转兜底办：{unit}',
} as const;

type OwnKey = keyof typeof zhOwn;

const enOwn: Record<OwnKey, string> = {
  svcMenu: 'Service catalogues',
  svcTitle: 'Service catalogues',
  svcIntro:
    'Every item of the government-matters and value-added catalogues can be requested by an enterprise on its phone; a request becomes a case dispatched straight to the provider. A bundle is led by its first item’s provider, the others assisting.',
  svcItems: 'Items',
  svcBundles: 'Bundles (一件事)',
  svcAll: 'All',
  svcCatalogue: 'Catalogue',
  svcField: 'Field',
  svcName: 'Name',
  svcDescription: 'What it is',
  svcProvider: 'Provider',
  svcMaterials: 'Materials and how',
  svcTimeLimit: 'Time limit',
  svcWorkingDays: 'Working days',
  svcWorkingDaysHint: 'Within the range for general cases, it becomes the resolve limit when dispatched',
  svcAssisted: 'Assisted handling',
  svcAppointment: 'Appointment',
  svcActive: 'Offered',
  svcInactive: 'Withdrawn',
  svcSearch: 'Search name, description or provider',
  svcAdd: 'Add item',
  svcEdit: 'Edit item',
  svcAddBundle: 'Add bundle',
  svcEditBundle: 'Edit bundle',
  svcBundleName: 'Bundle name',
  svcBundleItems: 'Items in order (the first item’s provider leads)',
  svcLead: 'Lead',
  svcCo: 'Assisting',
  svcSave: 'Save',
  svcSaved: 'Saved',
  svcEmpty: 'No items',
  svcYes: 'Yes',
  svcActions: 'Actions',
  svcMobNav: 'Services',
  svcMobTitle: 'Service catalogues',
  svcMobBundles: 'Bundles: one request for all',
  svcMobApply: 'Apply',
  svcMobApplyTitle: 'Apply online',
  svcMobText: 'What you need',
  svcMobTextHint: 'Describe what you need done, your enterprise and the help you want',
  svcMobWantsAssistance: 'I want assisted handling (staff handle it for me)',
  svcMobAppointment: 'Appointment day',
  svcMobAppointmentHint: 'Optional; a future working day',
  svcMobSubmit: 'Submit',
  svcMobSubmitted: 'Submitted as {number}, sent to {unit}',
  svcMobRouted: 'Sent straight to {unit} once submitted',
  svcMobBundleRouted: 'Led by {unit}, with {co} assisting',
  svcMobNotFound: 'This item does not exist or is no longer offered',
  scrFallback: 'To 兜底办',
  scrFallbackHint:
    'Matters with no place, no precedent or no lead unit go to {unit}; the limit follows the complexity under this jurisdiction’s rules.',
  scrFallbackTo: 'Sent to the fallback office: {unit}',
};

export const zh = { ...labels('zh'), ...zhOwn };
export const en: Record<keyof typeof zh, string> = { ...labels('en'), ...enOwn };
