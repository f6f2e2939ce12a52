/** utils/site: kexue.fm knowledge, pure. URL detectors, DOM extraction (readPage) and the DOM hooks. */

export { isFullDate, isMonthDay } from './dates';
export { readPage } from './extract';
export { ARTICLE_ATTR, applyDomHooks, ENTRY_ATTR, PAGE_ATTR } from './hooks';
export * from './hosts';
export type { ArchiveEntry, ArticleFacts, ListingEntry, PageReading } from './types';
export * from './url';
