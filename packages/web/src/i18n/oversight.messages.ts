/** Texts of the oversight screens, zh-CN first; en-US must have the same keys (checked by the type). */
export const zh = {} as const;

export const en: Record<keyof typeof zh, string> = {};
