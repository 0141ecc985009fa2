export { I18nProvider, useI18n, format, browserLanguage } from "./i18n";
export { LanguageSwitch } from "./LanguageSwitch";
export { groupAbbreviation, groupName } from "./messages";
export type { MessageKey, Language } from "./messages";
